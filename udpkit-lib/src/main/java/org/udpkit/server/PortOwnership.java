package org.udpkit.server;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
sealed interface PortOwnership extends AutoCloseable {
    Path UDP = KernelSocketTable.UDP;
    /** No inode left out. */
    long[] NONE = {};

    /** The port is this server's: these sockets (inodes, sorted) are its own; {@code table} is kept open to look again. */
    record Exclusive(InetSocketAddress bound, long[] inodes, KernelSocketTable table) implements PortOwnership {
    }

    /** Not checked, for this reason. */
    record NotChecked(String reason) implements PortOwnership {
    }

    /**
     * The sockets bound to the server's address and port that are not its own, now. Reads the kernel's tables
     * into buffers kept for the purpose: a watch that asks twice a second makes no garbage.
     */
    default List<ForeignSocket> others() {
        return switch (this) {
            case Exclusive exclusive -> {
                synchronized (exclusive.table()) {
                    yield exclusive.table().boundTo(exclusive.bound(), exclusive.inodes());
                }
            }
            case NotChecked notChecked -> List.of();
        };
    }

    /** Closes the kernel's tables, if they were kept open; again does nothing. */
    @Override
    default void close() {
        if (this instanceof Exclusive exclusive) {
            synchronized (exclusive.table()) {
                exclusive.table().close();
            }
        }
    }

    /**
     * Refuses {@code bind} when a socket is bound to its address and port already, where the kernel would
     * let ours join it (SO_REUSEPORT, several workers).
     *
     * @throws BindException the port is in use, in the words the kernel's EADDRINUSE gets: the same fact
     */
    static void checkFree(InetSocketAddress bind, ServerOptions options) throws BindException {
        // Without SO_REUSEPORT on our side the kernel refuses a port in use itself (EADDRINUSE), and says so.
        if (bind.getPort() == 0 || options.reuseAddress() || !options.reusePort()) {
            return;
        }
        Optional<KernelSocketTable> opened = KernelSocketTable.open();
        if (opened.isEmpty()) {
            return;
        }
        try (KernelSocketTable table = opened.get()) {
            if (!table.boundTo(bind, NONE).isEmpty()) {
                throw BindProblem.PORT_IN_USE.exception(bind, new BindException("a socket is bound there already"));
            }
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
        if (!options.reusePort()) {
            return new NotChecked("without SO_REUSEPORT the kernel lets no other socket bind the port");
        }
        Optional<KernelSocketTable> opened = KernelSocketTable.open();
        if (opened.isEmpty()) {
            return new NotChecked("there is no " + UDP + " here");
        }
        KernelSocketTable table = opened.get();
        List<ForeignSocket> there;
        try {
            there = table.boundTo(bound, NONE);
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
        if (there.size() > workers) {
            table.close();
            throw BindProblem.PORT_IN_USE.exception(bound, "another socket joined it while the server was binding");
        }
        return new Exclusive(bound, there.stream().mapToLong(ForeignSocket::inode).sorted().toArray(), table);
    }
}
