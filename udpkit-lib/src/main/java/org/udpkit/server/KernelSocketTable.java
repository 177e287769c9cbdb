package org.udpkit.server;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's tables of this network namespace's UDP sockets, {@code /proc/net/udp} and {@code /proc/net/udp6}:
 * each socket's local address and port, owner and inode. The files stay open and are read again from the start
 * into a buffer kept for it, and parsed in place, so that a server watching its port twice a second makes no
 * garbage (which a small heap would collect under load); only a socket found makes an object.
 *
 * <p>A line: {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...},
 * the local address as the kernel's 32-bit words in hex, in its own byte order, then {@code :} and the port in
 * hex. Not thread-safe: one reader at a time ({@link PortOwnership} takes care of that).
 */
final class KernelSocketTable implements AutoCloseable {
    static final Path UDP = Path.of("/proc/net/udp");
    static final Path UDP6 = Path.of("/proc/net/udp6");
    /** Fields before the local address, the uid and the inode, counted from 0 after the line's leading spaces. */
    private static final int LOCAL_ADDRESS_FIELD = 1;
    private static final int UID_FIELD = 7;
    private static final int INODE_FIELD = 9;
    private static final int IPV4_BYTES = 4;
    private static final int IPV6_BYTES = 16;
    /** The first 12 bytes of an IPv4-mapped IPv6 address, ::ffff:0:0/96. */
    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    /** A table and where it is, for what an error says. */
    private record Table(Path path, RandomAccessFile file) {
    }

    private final List<Table> tables;
    private byte[] text = new byte[16 * 1024];
    private int length;
    /** The address of the line being read: 4 bytes, or 16 (an IPv4-mapped one is made 4). */
    private final byte[] address = new byte[IPV6_BYTES];
    private final ByteBuffer words = ByteBuffer.wrap(address).order(ByteOrder.nativeOrder());
    private int addressLength;
    private InetSocketAddress lastBind;
    private byte[] boundBytes;
    private boolean closed;

    private KernelSocketTable(List<Table> tables) {
        this.tables = tables;
    }

    /** The tables, open; empty where there is no {@code /proc/net/udp} (not Linux). */
    static Optional<KernelSocketTable> open() {
        return open(UDP, UDP6);
    }

    /** Tables in the kernel's format at {@code ipv4} and {@code ipv6} (the tests write their own); empty without the first. */
    static Optional<KernelSocketTable> open(Path ipv4, Path ipv6) {
        if (!Files.isReadable(ipv4)) {
            return Optional.empty();
        }
        List<Table> tables = new ArrayList<>();
        try {
            for (Path path : List.of(ipv4, ipv6)) {
                if (Files.isReadable(path)) {
                    tables.add(new Table(path, new RandomAccessFile(path.toFile(), "r")));
                }
            }
        } catch (IOException e) {
            tables.forEach(KernelSocketTable::closeQuietly);
            return Optional.empty();
        }
        return Optional.of(new KernelSocketTable(tables));
    }

    /**
     * Every socket bound to {@code bind}'s port at an address that covers or is covered by {@code bind}'s,
     * but those whose inode is in {@code leaveOut} (sorted); an empty list, not a new one, when there is none.
     * Once closed, each call opens the tables for itself: a last look after the server closed still looks.
     *
     * @throws UncheckedIOException a table could not be read; the message names it and the port
     */
    List<ForeignSocket> boundTo(InetSocketAddress bind, long[] leaveOut) {
        if (closed) {
            Optional<KernelSocketTable> again = open();
            if (again.isEmpty()) {
                return List.of();
            }
            try (KernelSocketTable once = again.get()) {
                return once.boundTo(bind, leaveOut);
            }
        }
        if (bind != lastBind) {
            // A copy each time it is asked for: kept while the same address is asked about.
            boundBytes = bind.getAddress().getAddress();
            lastBind = bind;
        }
        byte[] bound = boundBytes;
        List<ForeignSocket> found = List.of();
        for (int t = 0; t < tables.size(); t++) {
            readWhole(tables.get(t), bind);
            int line = nextLine(0);
            while (line < length) {
                int local = field(line, LOCAL_ADDRESS_FIELD);
                int colon = indexOf(local, (byte) ':');
                if (colon > local && hex(colon + 1) == bind.getPort()) {
                    readAddress(local, colon);
                    long inode = decimal(field(line, INODE_FIELD));
                    if (overlap(bound) && Arrays.binarySearch(leaveOut, inode) < 0) {
                        if (found.isEmpty()) {
                            found = new ArrayList<>();
                        }
                        found.add(new ForeignSocket(new InetSocketAddress(addressNow(), bind.getPort()),
                                (int) decimal(field(line, UID_FIELD)), inode));
                    }
                }
                line = nextLine(line);
            }
        }
        return found;
    }

    @Override
    public void close() {
        closed = true;
        tables.forEach(KernelSocketTable::closeQuietly);
    }

    private static void closeQuietly(Table table) {
        try {
            table.file().close();
        } catch (IOException ignored) {
            // Read-only: nothing was lost.
        }
    }

    /** Reads {@code table} from its start into {@link #text}, grown until the whole table fits. */
    private void readWhole(Table table, InetSocketAddress bind) {
        RandomAccessFile file = table.file();
        try {
            while (true) {
                file.seek(0);
                length = 0;
                int n;
                while (length < text.length && (n = file.read(text, length, text.length - length)) > 0) {
                    length += n;
                }
                if (length < text.length) {
                    return;
                }
                text = new byte[text.length * 2];
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + table.path() + " for the sockets on port " + bind.getPort(), e);
        }
    }

    /** Where the line after the one at {@code from} starts ({@link #length} at the end). */
    private int nextLine(int from) {
        int newline = indexOf(from, (byte) '\n');
        return newline < 0 ? length : newline + 1;
    }

    private int indexOf(int from, byte wanted) {
        for (int i = from; i < length; i++) {
            if (text[i] == wanted) {
                return i;
            }
            if (wanted != '\n' && text[i] == '\n') {
                return -1;
            }
        }
        return -1;
    }

    /** Where field {@code index} of the line at {@code line} starts. */
    private int field(int line, int index) {
        int i = skipSpaces(line);
        for (int f = 0; f < index; f++) {
            while (i < length && text[i] != ' ' && text[i] != '\n') {
                i++;
            }
            i = skipSpaces(i);
        }
        return i;
    }

    private int skipSpaces(int from) {
        int i = from;
        while (i < length && text[i] == ' ') {
            i++;
        }
        return i;
    }

    private long hex(int from) {
        long value = 0;
        for (int i = from; i < length && Character.digit(text[i], 16) >= 0; i++) {
            value = value << 4 | Character.digit(text[i], 16);
        }
        return value;
    }

    private long decimal(int from) {
        long value = 0;
        for (int i = from; i < length && text[i] >= '0' && text[i] <= '9'; i++) {
            value = value * 10 + (text[i] - '0');
        }
        return value;
    }

    /** The address from {@code from} to {@code colon}: 8 or 32 hex digits, in words of the kernel's byte order. */
    private void readAddress(int from, int colon) {
        int digits = colon - from;
        addressLength = digits / 2;
        for (int word = 0; word < digits / 8; word++) {
            int value = 0;
            for (int i = from + 8 * word; i < from + 8 * word + 8; i++) {
                value = value << 4 | Character.digit(text[i], 16);
            }
            words.putInt(4 * word, value);
        }
        if (addressLength == IPV6_BYTES && Arrays.equals(address, 0, MAPPED_PREFIX.length, MAPPED_PREFIX, 0,
                MAPPED_PREFIX.length)) {
            System.arraycopy(address, MAPPED_PREFIX.length, address, 0, IPV4_BYTES);
            addressLength = IPV4_BYTES;
        }
    }

    /**
     * Whether the socket's address and {@code bound} would share datagrams: the same address, or a wildcard
     * that covers the other ({@code ::} covers IPv4 too, since a dual-stack socket takes both; {@code 0.0.0.0}
     * only IPv4).
     */
    private boolean overlap(byte[] bound) {
        boolean listedWildcard = isWildcard(address, addressLength);
        boolean boundWildcard = isWildcard(bound, bound.length);
        if (listedWildcard && boundWildcard) {
            return true;
        }
        if (listedWildcard) {
            return addressLength == IPV6_BYTES || bound.length == IPV4_BYTES;
        }
        if (boundWildcard) {
            return bound.length == IPV6_BYTES || addressLength == IPV4_BYTES;
        }
        return Arrays.equals(address, 0, addressLength, bound, 0, bound.length);
    }

    private static boolean isWildcard(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The address just read, as an object: only for a socket found. */
    private InetAddress addressNow() {
        try {
            return InetAddress.getByAddress(Arrays.copyOf(address, addressLength));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("an address of " + addressLength + " bytes from the kernel", impossible);
        }
    }
}
