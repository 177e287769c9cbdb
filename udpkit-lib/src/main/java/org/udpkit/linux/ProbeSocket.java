package org.udpkit.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.Optional;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.udpkit.linux.LinuxSocketConstants.AF_INET;
import static org.udpkit.linux.LinuxSocketConstants.AF_INET6;
import static org.udpkit.linux.LinuxSocketConstants.EAGAIN;
import static org.udpkit.linux.LinuxSocketConstants.ECONNREFUSED;
import static org.udpkit.linux.LinuxSocketConstants.EHOSTUNREACH;
import static org.udpkit.linux.LinuxSocketConstants.EINTR;
import static org.udpkit.linux.LinuxSocketConstants.EMSGSIZE;
import static org.udpkit.linux.LinuxSocketConstants.ENETUNREACH;
import static org.udpkit.linux.LinuxSocketConstants.IPPROTO_IP;
import static org.udpkit.linux.LinuxSocketConstants.IPPROTO_IPV6;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_MTU;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_MTU_DISCOVER;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_PMTUDISC_PROBE;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_RECVERR;
import static org.udpkit.linux.LinuxSocketConstants.IP_MTU;
import static org.udpkit.linux.LinuxSocketConstants.IP_MTU_DISCOVER;
import static org.udpkit.linux.LinuxSocketConstants.IP_PMTUDISC_PROBE;
import static org.udpkit.linux.LinuxSocketConstants.IP_RECVERR;
import static org.udpkit.linux.LinuxSocketConstants.MSG_DONTWAIT;
import static org.udpkit.linux.LinuxSocketConstants.MSG_ERRQUEUE;

/**
 * A connected UDP socket for path-MTU probes, set up as tracepath sets up its own: don't-fragment probes
 * of any size up to the interface's MTU, whatever path MTU the kernel believes ({@code IP_PMTUDISC_PROBE}),
 * and ICMP errors kept for us on the error queue ({@code IP_RECVERR}) rather than only counted.
 *
 * <p>Used by one thread; {@link #close()} is idempotent. Its buffers are allocated once.
 */
public final class ProbeSocket implements AutoCloseable {
    /** The largest datagram a probe or an answer can be: a whole IP packet's worth. */
    public static final int MAX_DATAGRAM = 65_535;
    private static final int CONTROL_BYTES = 512;

    private static final MethodHandle RECVMSG = downcall("recvmsg", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle RECV = downcall("recv", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);

    private static final VarHandle MSG_NAME = MessageHeaderLayout.MSGHDR.varHandle(groupElement("msg_name"));
    private static final VarHandle MSG_NAMELEN = MessageHeaderLayout.MSGHDR.varHandle(groupElement("msg_namelen"));
    private static final VarHandle MSG_IOV = MessageHeaderLayout.MSGHDR.varHandle(groupElement("msg_iov"));
    private static final VarHandle MSG_IOVLEN = MessageHeaderLayout.MSGHDR.varHandle(groupElement("msg_iovlen"));
    private static final VarHandle MSG_CONTROL = MessageHeaderLayout.MSGHDR.varHandle(groupElement("msg_control"));
    private static final VarHandle MSG_CONTROLLEN = MessageHeaderLayout.MSGHDR.varHandle(groupElement("msg_controllen"));

    private final LinuxSocket socket;
    private final Arena arena = Arena.ofConfined();
    private final PollSet poll;
    private final MemorySegment data;
    private final MemorySegment control;
    private final MemorySegment header;
    private final MemorySegment vector;
    private final MemorySegment name;
    private final int errorLevel;
    private final int errorType;

    /** What a non-blocking receive found. */
    public sealed interface Receipt {
        /** A datagram of {@code length} bytes, now in {@link #data()}. */
        record Datagram(int length) implements Receipt {
        }

        /** Nothing queued. */
        record Nothing() implements Receipt {
        }

        /** An error is pending (ICMP reported something): read it with {@link #readError()}. */
        record ErrorPending(int errno) implements Receipt {
        }
    }

    /** What {@link #send} did with a probe. */
    public enum Sending {
        /** The probe left (whether it arrives is for the answer to tell). */
        SENT,
        /** The kernel refused it as longer than the outgoing interface's MTU (EMSGSIZE). */
        TOO_BIG_FOR_INTERFACE,
        /**
         * Not sent: an ICMP error that came in since the errors were last read (port, host or network
         * unreachable) was reported instead; {@link #readError()} tells it.
         */
        ERROR_PENDING
    }

    private ProbeSocket(LinuxSocket socket) {
        this.socket = socket;
        this.poll = new PollSet(arena, socket);
        this.data = arena.allocate(MAX_DATAGRAM);
        this.control = arena.allocate(CONTROL_BYTES, ExtendedErrorLayout.CMSG_ALIGNMENT);
        this.header = arena.allocate(MessageHeaderLayout.MSGHDR);
        this.vector = arena.allocate(MessageHeaderLayout.IOVEC);
        this.name = arena.allocate(SocketAddressLayout.SOCKADDR_STORAGE);
        boolean ipv6 = socket.family() == StandardProtocolFamily.INET6;
        this.errorLevel = ipv6 ? IPPROTO_IPV6 : IPPROTO_IP;
        this.errorType = ipv6 ? IPV6_RECVERR : IP_RECVERR;
        data.fill((byte) '#');
    }

    /**
     * Opens a socket connected to {@code target}, probing mode on.
     *
     * @throws UnsupportedOperationException when the C library cannot be called from here
     */
    public static ProbeSocket connect(InetSocketAddress target) throws IOException {
        LinuxSocket socket = LinuxSocket.openUdpFor(target);
        try {
            boolean ipv6 = socket.family() == StandardProtocolFamily.INET6;
            socket.setInt(ipv6 ? IPPROTO_IPV6 : IPPROTO_IP, ipv6 ? IPV6_MTU_DISCOVER : IP_MTU_DISCOVER,
                    ipv6 ? IPV6_PMTUDISC_PROBE : IP_PMTUDISC_PROBE);
            socket.setInt(ipv6 ? IPPROTO_IPV6 : IPPROTO_IP, ipv6 ? IPV6_RECVERR : IP_RECVERR, 1);
            socket.connect(target);
            return new ProbeSocket(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    public StandardProtocolFamily family() {
        return socket.family();
    }

    public InetSocketAddress localAddress() throws IOException {
        return socket.localAddress();
    }

    /** The path MTU the kernel knows for the peer now (IP_MTU / IPV6_MTU). */
    public int kernelPathMtu() throws IOException {
        return socket.family() == StandardProtocolFamily.INET6
                ? socket.getInt(IPPROTO_IPV6, IPV6_MTU)
                : socket.getInt(IPPROTO_IP, IP_MTU);
    }

    /**
     * Sends {@code payload} bytes of '#', don't-fragment set. Read the pending errors first: while one is
     * pending the kernel reports it here instead of sending.
     */
    public Sending send(int payload) throws IOException {
        if (payload < 0 || payload > MAX_DATAGRAM) {
            throw new IllegalArgumentException("a probe carries 0-" + MAX_DATAGRAM + " bytes, not " + payload);
        }
        data.asSlice(0, payload).fill((byte) '#');
        try {
            socket.send(data, payload);
            return Sending.SENT;
        } catch (NativeSocketException e) {
            return switch (e.errno()) {
                case EMSGSIZE -> Sending.TOO_BIG_FOR_INTERFACE;
                case ECONNREFUSED, EHOSTUNREACH, ENETUNREACH -> Sending.ERROR_PENDING;
                default -> throw e;
            };
        }
    }

    /** Waits up to {@code timeoutMillis} for a datagram or an error; whether one is there. */
    public boolean await(int timeoutMillis) throws IOException {
        return poll.await(timeoutMillis) > 0;
    }

    /** The receive buffer: a {@link Receipt.Datagram}'s bytes, valid until the next receive. */
    public MemorySegment data() {
        return data;
    }

    /** Takes one datagram, if one is queued, without waiting. */
    public Receipt receive() throws IOException {
        long length;
        try {
            length = (long) RECV.invokeExact(socket.callState(), socket.fd(), data, (long) MAX_DATAGRAM, MSG_DONTWAIT);
        } catch (Throwable t) {
            throw new IllegalStateException("recv failed to run", t);
        }
        if (length >= 0) {
            return new Receipt.Datagram((int) length);
        }
        int errno = Linux.errno(socket.callState());
        return switch (errno) {
            case EAGAIN, EINTR -> new Receipt.Nothing();
            default -> new Receipt.ErrorPending(errno);
        };
    }

    /** Takes the oldest error from the error queue (and clears the socket's pending error); empty when none. */
    public Optional<SocketError> readError() throws IOException {
        MSG_NAME.set(header, 0L, name);
        MSG_NAMELEN.set(header, 0L, (int) name.byteSize());
        MessageHeaderLayout.IOV_BASE.set(vector, 0L, data);
        MessageHeaderLayout.IOV_LEN.set(vector, 0L, (long) MAX_DATAGRAM);
        MSG_IOV.set(header, 0L, vector);
        MSG_IOVLEN.set(header, 0L, 1L);
        MSG_CONTROL.set(header, 0L, control);
        MSG_CONTROLLEN.set(header, 0L, (long) CONTROL_BYTES);
        long length;
        try {
            length = (long) RECVMSG.invokeExact(socket.callState(), socket.fd(), header, MSG_ERRQUEUE | MSG_DONTWAIT);
        } catch (Throwable t) {
            throw new IllegalStateException("recvmsg failed to run", t);
        }
        if (length < 0) {
            int errno = Linux.errno(socket.callState());
            if (errno == EAGAIN || errno == EINTR) {
                return Optional.empty();
            }
            throw socket.failure("reading the error queue of " + socket);
        }
        return extendedError((long) MSG_CONTROLLEN.get(header, 0L));
    }

    private Optional<SocketError> extendedError(long controlLength) {
        long offset = 0;
        while (offset + ExtendedErrorLayout.CMSG_DATA <= controlLength) {
            long cmsgLength = (long) ExtendedErrorLayout.CMSG_LEN.get(control, offset);
            if (cmsgLength < ExtendedErrorLayout.CMSG_DATA || offset + cmsgLength > controlLength) {
                break;
            }
            int level = (int) ExtendedErrorLayout.CMSG_LEVEL.get(control, offset);
            int type = (int) ExtendedErrorLayout.CMSG_TYPE.get(control, offset);
            if (level == errorLevel && type == errorType) {
                MemorySegment error = control.asSlice(offset + ExtendedErrorLayout.CMSG_DATA,
                        cmsgLength - ExtendedErrorLayout.CMSG_DATA);
                return Optional.of(new SocketError(
                        (int) ExtendedErrorLayout.EE_ERRNO.get(error, 0L),
                        Byte.toUnsignedInt((byte) ExtendedErrorLayout.EE_ORIGIN.get(error, 0L)),
                        Byte.toUnsignedInt((byte) ExtendedErrorLayout.EE_TYPE.get(error, 0L)),
                        Byte.toUnsignedInt((byte) ExtendedErrorLayout.EE_CODE.get(error, 0L)),
                        (int) ExtendedErrorLayout.EE_INFO.get(error, 0L),
                        offender(error)));
            }
            offset += ExtendedErrorLayout.align(cmsgLength);
        }
        return Optional.empty();
    }

    private static Optional<InetAddress> offender(MemorySegment error) {
        if (error.byteSize() < ExtendedErrorLayout.EE_OFFENDER + Short.BYTES) {
            return Optional.empty();
        }
        MemorySegment address = error.asSlice(ExtendedErrorLayout.EE_OFFENDER);
        int family = SocketAddressLayout.family(address);
        long needed = family == AF_INET ? SocketAddressLayout.SOCKADDR_IN.byteSize()
                : family == AF_INET6 ? SocketAddressLayout.SOCKADDR_IN6.byteSize() : Long.MAX_VALUE;
        return address.byteSize() < needed ? Optional.empty()
                : Optional.of(SocketAddressLayout.read(address).getAddress());
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            socket.close();
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "probe " + socket;
    }

    private static MethodHandle downcall(String name, ValueLayout result, ValueLayout... arguments) {
        if (!Linux.isAvailable()) {
            return null;
        }
        Linker linker = Linker.nativeLinker();
        return linker.downcallHandle(
                linker.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)),
                FunctionDescriptor.of(result, arguments), Linker.Option.captureCallState("errno"));
    }
}
