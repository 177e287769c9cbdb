package org.udpkit.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.concurrent.atomic.AtomicBoolean;

import org.udpkit.net.AddressText;

import static org.udpkit.linux.LinuxSocketConstants.SOCK_CLOEXEC;
import static org.udpkit.linux.LinuxSocketConstants.SOCK_DGRAM;

/**
 * A UDP socket opened and driven through the C library, for what the JDK's sockets cannot do
 * (read IP_MTU, set IP_MTU_DISCOVER, batch with recvmmsg/sendmmsg).
 *
 * <p>Not thread-safe except {@link #close()}, which is idempotent. Scratch memory comes from one
 * arena per socket, so calls made on the socket allocate nothing on the Java heap. That arena is an
 * automatic one, freed by the garbage collector: closing a shared arena makes the JVM stop every thread to
 * check that none still uses it, which made a server of 1000 workers (1000 sockets, 1000 threads) take 7 s to
 * stop, and a confined one could not be closed by whichever thread closes the socket.
 */
public final class LinuxSocket implements AutoCloseable {
    private final int fd;
    private final StandardProtocolFamily family;
    private final MemorySegment callState;
    private final MemorySegment address;
    private final MemorySegment intValue;
    private final MemorySegment length;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile InetSocketAddress peer;

    private LinuxSocket(int fd, StandardProtocolFamily family, Arena arena, MemorySegment callState) {
        this.fd = fd;
        this.family = family;
        this.callState = callState;
        this.address = arena.allocate(SocketAddressLayout.SOCKADDR_STORAGE);
        this.intValue = arena.allocate(ValueLayout.JAVA_INT);
        this.length = arena.allocate(ValueLayout.JAVA_INT);
    }

    /**
     * Opens a UDP socket of the given family.
     *
     * @throws UnsupportedOperationException when the C library cannot be called from here ({@link Linux#ensureAvailable()})
     */
    public static LinuxSocket openUdp(StandardProtocolFamily family) throws IOException {
        Linux.ensureAvailable();
        Arena arena = Arena.ofAuto();
        MemorySegment callState = Linux.allocateCallState(arena);
        int fd = Linux.socket(callState, SocketAddressLayout.addressFamily(family), SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            int errno = Linux.errno(callState);
            throw new NativeSocketException("opening a UDP socket", errno);
        }
        return new LinuxSocket(fd, family, arena, callState);
    }

    /** Opens a UDP socket of the family that can reach {@code peer}. */
    public static LinuxSocket openUdpFor(InetSocketAddress peer) throws IOException {
        return openUdp(SocketAddressLayout.familyOf(peer.getAddress()));
    }

    public int fd() {
        return fd;
    }

    public StandardProtocolFamily family() {
        return family;
    }

    /** The scratch segment that receives errno for calls made by the owner of this socket. */
    public MemorySegment callState() {
        return callState;
    }

    public void bind(InetSocketAddress local) throws IOException {
        int len = SocketAddressLayout.write(local, address);
        if (Linux.bind(callState, fd, address, len) < 0) {
            throw failure("binding to " + format(local));
        }
    }

    public void connect(InetSocketAddress peer) throws IOException {
        int len = SocketAddressLayout.write(peer, address);
        if (Linux.connect(callState, fd, address, len) < 0) {
            throw failure("connecting to " + format(peer));
        }
        this.peer = peer;
    }

    /** Sends {@code length} bytes of {@code data} on a connected socket; returns the bytes sent. */
    public long send(MemorySegment data, long length) throws IOException {
        long sent = Linux.send(callState, fd, data, length, 0);
        if (sent < 0) {
            throw failure("sending " + length + " bytes " + (peer == null ? "on " + this : "to " + format(peer)));
        }
        return sent;
    }

    public void setInt(int level, int option, int value) throws IOException {
        intValue.set(ValueLayout.JAVA_INT, 0, value);
        if (Linux.setsockopt(callState, fd, level, option, intValue, Integer.BYTES) < 0) {
            throw failure("setting socket option " + level + "/" + option + " to " + value + " on " + this);
        }
    }

    /**
     * Joins multicast {@code group} on the interface of index {@code interfaceIndex} (IP_ADD_MEMBERSHIP or
     * IPV6_JOIN_GROUP, by the group's family; an IPv6 socket may join an IPv4 group).
     */
    public void joinGroup(InetAddress group, int interfaceIndex) throws IOException {
        boolean ipv4 = group instanceof Inet4Address;
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment request = scratch.allocate(MulticastRequestLayout.layoutFor(group));
            MulticastRequestLayout.write(group, interfaceIndex, request);
            if (Linux.setsockopt(callState, fd,
                    ipv4 ? LinuxSocketConstants.IPPROTO_IP : LinuxSocketConstants.IPPROTO_IPV6,
                    ipv4 ? LinuxSocketConstants.IP_ADD_MEMBERSHIP : LinuxSocketConstants.IPV6_JOIN_GROUP,
                    request, (int) request.byteSize()) < 0) {
                throw failure("joining multicast group " + AddressText.of(group)
                        + " on interface " + interfaceIndex + " with " + this);
            }
        }
    }

    /**
     * Sets {@code SO_RCVTIMEO}: a blocking receive then returns EAGAIN after {@code timeout}, so that a receive
     * loop wakes to check whether it should stop (a {@code struct timeval}, which {@link #setInt} cannot set).
     */
    public void setReceiveTimeout(java.time.Duration timeout) throws IOException {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment timeval = scratch.allocate(ValueLayout.JAVA_LONG, 2);
            timeval.setAtIndex(ValueLayout.JAVA_LONG, 0, timeout.toSeconds());
            timeval.setAtIndex(ValueLayout.JAVA_LONG, 1, timeout.toNanosPart() / 1000);
            if (Linux.setsockopt(callState, fd, LinuxSocketConstants.SOL_SOCKET, LinuxSocketConstants.SO_RCVTIMEO,
                    timeval, (int) timeval.byteSize()) < 0) {
                throw failure("setting a receive timeout of " + timeout + " on " + this);
            }
        }
    }

    public int getInt(int level, int option) throws IOException {
        length.set(ValueLayout.JAVA_INT, 0, Integer.BYTES);
        intValue.set(ValueLayout.JAVA_INT, 0, 0);
        if (Linux.getsockopt(callState, fd, level, option, intValue, length) < 0) {
            throw failure("reading socket option " + level + "/" + option + " of " + this);
        }
        return intValue.get(ValueLayout.JAVA_INT, 0);
    }

    public InetSocketAddress localAddress() throws IOException {
        length.set(ValueLayout.JAVA_INT, 0, (int) SocketAddressLayout.SOCKADDR_STORAGE.byteSize());
        if (Linux.getsockname(callState, fd, address, length) < 0) {
            throw failure("reading the socket's own address");
        }
        return SocketAddressLayout.read(address);
    }

    /**
     * Wakes a thread blocked in a receive on this socket: it returns what is queued, then 0 datagrams.
     * Callable from another thread while the owner is in a receive, so it uses a call-state segment of
     * its own rather than the owner's (whose errno the owner is about to read). The caller must make sure
     * the socket is not being closed at the same time (its fd number could already be someone else's).
     */
    public void shutdownInput() {
        if (!closed.get()) {
            try (Arena scratch = Arena.ofConfined()) {
                // An unconnected UDP socket answers ENOTCONN, yet the kernel still marks it shut and wakes readers.
                Linux.shutdown(Linux.allocateCallState(scratch), fd, LinuxSocketConstants.SHUT_RD);
            }
        }
    }

    /** The exception for the call that just failed on this socket, naming what it was doing. */
    public NativeSocketException failure(String whatWasBeingDone) {
        return new NativeSocketException(whatWasBeingDone, Linux.errno(callState));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // The scratch memory goes with the last reference to this socket (an automatic arena).
            Linux.close(callState, fd);
        }
    }

    @Override
    public String toString() {
        return "UDP socket " + fd + " (" + family + (peer == null ? "" : ", connected to " + format(peer)) + ")";
    }

    private static String format(InetSocketAddress address) {
        return org.udpkit.net.Endpoints.format(address);
    }
}
