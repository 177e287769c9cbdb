package org.udpkit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A server's port is its own: no other socket may be bound to its address and port, which SO_REUSEPORT
 * (several workers) would otherwise let any socket of the same user do, taking a share of the requests.
 *
 * <p>How: the kernel lists every UDP socket of the network namespace in {@code /proc/net/udp} and
 * {@code /proc/net/udp6}, with its address, port, owner and inode. {@link #checkFree} refuses a port
 * where any socket is bound (the kernel would let ours join one that set SO_REUSEPORT). Between that
 * check and the binds another socket may still join: {@link #claim}, once every worker is bound, counts
 * the sockets on the port, and more than the workers means one is not ours, so the server refuses to
 * start. Those it counted are then the server's own; {@link #others} finds any that joins later, which
 * cannot be kept out (only a BPF program attached to the group could keep it from being chosen).
 *
 * <p>Where there is no {@code /proc/net/udp} (not Linux), nothing is checked. A server that shares
 * its port on purpose (SO_REUSEADDR, as the book's broadcast listeners do) is not checked either.
 */
sealed interface PortOwnership {
    Path UDP = Path.of("/proc/net/udp");
    Path UDP6 = Path.of("/proc/net/udp6");

    /** The port is this server's: these sockets are its own. */
    record Exclusive(InetSocketAddress bound, Set<Long> inodes) implements PortOwnership {
    }

    /** Not checked, for this reason. */
    record NotChecked(String reason) implements PortOwnership {
    }

    /** The sockets bound to the server's address and port that are not its own, now. */
    default List<ForeignSocket> others() {
        return switch (this) {
            case Exclusive exclusive -> boundTo(exclusive.bound()).stream()
                    .filter(socket -> !exclusive.inodes().contains(socket.inode())).toList();
            case NotChecked notChecked -> List.of();
        };
    }

    /**
     * Refuses {@code bind} when a socket is bound to its address and port already, where the kernel would
     * let ours join it (SO_REUSEPORT, several workers).
     *
     * @throws BindException the port is in use, in the words the kernel's EADDRINUSE gets: the same fact
     */
    static void checkFree(InetSocketAddress bind, ServerOptions options) throws BindException {
        // Without SO_REUSEPORT on our side the kernel refuses a port in use itself (EADDRINUSE), and says so.
        if (bind.getPort() == 0 || options.reuseAddress() || !options.reusePort() || !readable()) {
            return;
        }
        if (!boundTo(bind).isEmpty()) {
            throw BindProblem.PORT_IN_USE.exception(bind, new BindException("a socket is bound there already"));
        }
    }

    /**
     * Takes the port for the {@code workers} sockets just bound at {@code bound}, or refuses it when more
     * sockets are bound there than that.
     *
     * @throws BindException another socket joined the port between {@link #checkFree} and the binds
     */
    static PortOwnership claim(InetSocketAddress bound, ServerOptions options, int workers) throws BindException {
        if (options.reuseAddress()) {
            return new NotChecked("the server shares its port on purpose (SO_REUSEADDR)");
        }
        if (!readable()) {
            return new NotChecked("there is no " + UDP + " here");
        }
        List<ForeignSocket> there = boundTo(bound);
        if (there.size() > workers) {
            throw BindProblem.PORT_IN_USE.exception(bound, "another socket joined it while the server was binding");
        }
        return new Exclusive(bound, there.stream().map(ForeignSocket::inode).collect(Collectors.toUnmodifiableSet()));
    }

    private static boolean readable() {
        return Files.isReadable(UDP);
    }

    /** Every socket bound to {@code bind}'s port at an address that covers or is covered by {@code bind}'s. */
    private static List<ForeignSocket> boundTo(InetSocketAddress bind) {
        List<ForeignSocket> found = new ArrayList<>();
        for (Path table : List.of(UDP, UDP6)) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (NoSuchFileException noIpv6) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + table, e);
            }
            // The first line names the columns: sl local_address rem_address st ... uid timeout inode ...
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length < 10) {
                    continue;
                }
                InetSocketAddress local = address(fields[1]);
                if (local.getPort() == bind.getPort() && overlap(local.getAddress(), bind.getAddress())) {
                    found.add(new ForeignSocket(local, Integer.parseInt(fields[7]), Long.parseLong(fields[9])));
                }
            }
        }
        return found;
    }

    /**
     * Whether two sockets on one port would share datagrams: the same address, or a wildcard that covers
     * the other ({@code ::} covers IPv4 too, since a dual-stack socket takes both; {@code 0.0.0.0} only IPv4).
     * An IPv4-mapped address has been read as the IPv4 address it maps.
     */
    private static boolean overlap(InetAddress a, InetAddress b) {
        if (a.isAnyLocalAddress() && b.isAnyLocalAddress()) {
            return true;
        }
        if (a.isAnyLocalAddress()) {
            return covers(a, b);
        }
        if (b.isAnyLocalAddress()) {
            return covers(b, a);
        }
        return a.equals(b);
    }

    private static boolean covers(InetAddress wildcard, InetAddress address) {
        return wildcard.getAddress().length == 16 || address.getAddress().length == 4;
    }

    /**
     * {@code 0100007F:0424} (IPv4) or 32 hex digits and a port (IPv6): the address as the kernel's 32-bit
     * words in its own byte order, the port in hex.
     */
    private static InetSocketAddress address(String text) {
        int colon = text.indexOf(':');
        String hex = text.substring(0, colon);
        ByteBuffer bytes = ByteBuffer.allocate(hex.length() / 2).order(ByteOrder.nativeOrder());
        for (int word = 0; word < hex.length(); word += 8) {
            bytes.putInt(Integer.parseUnsignedInt(hex, word, word + 8, 16));
        }
        try {
            // A 16-byte IPv4-mapped address comes back as the IPv4 address it maps.
            return new InetSocketAddress(InetAddress.getByAddress(bytes.array()), Integer.parseInt(text, colon + 1, text.length(), 16));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("an address of " + bytes.capacity() + " bytes from the kernel", impossible);
        }
    }
}
