package org.udpkit.server;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

import org.udpkit.linux.DatagramBatch;
import org.udpkit.linux.Linux;
import org.udpkit.linux.LinuxSocket;
import org.udpkit.linux.MessageVector;
import org.udpkit.linux.NativeSocketException;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.DatagramHandler;

import static org.udpkit.linux.LinuxSocketConstants.EAGAIN;
import static org.udpkit.linux.LinuxSocketConstants.EBADF;
import static org.udpkit.linux.LinuxSocketConstants.EINTR;
import static org.udpkit.linux.LinuxSocketConstants.ENOTSOCK;
import static org.udpkit.linux.LinuxSocketConstants.IPPROTO_IP;
import static org.udpkit.linux.LinuxSocketConstants.IPPROTO_IPV6;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_RECVPKTINFO;
import static org.udpkit.linux.LinuxSocketConstants.IP_PKTINFO;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_V6ONLY;
import static org.udpkit.linux.LinuxSocketConstants.MSG_WAITFORONE;
import static org.udpkit.linux.LinuxSocketConstants.SOL_SOCKET;
import static org.udpkit.linux.LinuxSocketConstants.SO_BROADCAST;
import static org.udpkit.linux.LinuxSocketConstants.SO_RCVBUF;
import static org.udpkit.linux.LinuxSocketConstants.SO_REUSEADDR;
import static org.udpkit.linux.LinuxSocketConstants.SO_REUSEPORT;

/**
 * The Linux transport: a socket driven through java.lang.foreign with {@code recvmmsg} and
 * {@code sendmmsg}, up to {@link DatagramBatch#DEFAULT_CAPACITY} datagrams per system call, every buffer
 * allocated once when serving starts. Two system calls per batch instead of two per datagram.
 *
 * <p>Stopping: {@link #close()} shuts the socket's input, which wakes the serving thread out of
 * {@code recvmmsg}; that thread then frees the native memory and closes the socket itself, so nothing
 * is released while a system call still uses it.
 */
final class BatchedLinuxTransport implements ServerTransport {
    /** Receive errors in a row after which the socket is taken to be broken, not merely sent a bad datagram. */
    static final int MAX_FAILURES_IN_A_ROW = 1000;

    private final LinuxSocket socket;
    private final InetSocketAddress localAddress;
    private final int capacity;
    private final Object lifecycle = new Object();
    private State state = State.BOUND;
    private volatile boolean closing;

    private enum State { BOUND, SERVING, CLOSED }

    private BatchedLinuxTransport(LinuxSocket socket, int capacity) throws IOException {
        this.socket = socket;
        this.localAddress = socket.localAddress();
        this.capacity = capacity;
    }

    /** Opens and binds a socket at {@code bind} with the given options. */
    static BatchedLinuxTransport bind(InetSocketAddress bind, ServerOptions options) throws IOException {
        return bind(bind, options, DatagramBatch.DEFAULT_CAPACITY);
    }

    /** As {@link #bind(InetSocketAddress, ServerOptions)}, with {@code capacity} datagrams per system call. */
    static BatchedLinuxTransport bind(InetSocketAddress bind, ServerOptions options, int capacity) throws IOException {
        LinuxSocket socket = LinuxSocket.openUdpFor(bind);
        try {
            if (bind.getAddress() instanceof Inet6Address) {
                // As the JDK's channel does: an IPv6 socket also takes IPv4 (mapped) unless bound to a v6 address.
                socket.setInt(IPPROTO_IPV6, IPV6_V6ONLY, 0);
            }
            socket.setInt(SOL_SOCKET, SO_REUSEADDR, options.reuseAddress() ? 1 : 0);
            if (options.reusePort()) {
                socket.setInt(SOL_SOCKET, SO_REUSEPORT, 1);
            }
            if (options.broadcast()) {
                socket.setInt(SOL_SOCKET, SO_BROADCAST, 1);
            }
            if (options.receiveBufferBytes().isPresent()) {
                socket.setInt(SOL_SOCKET, SO_RCVBUF, options.receiveBufferBytes().getAsInt());
            }
            askForPacketInfo(socket, bind, options.replySource());
            socket.bind(bind);
            if (options.multicastGroup().isPresent()) {
                MulticastGroup group = options.multicastGroup().get();
                socket.joinGroup(group.group(), group.networkInterface().getIndex());
            }
            return new BatchedLinuxTransport(socket, capacity);
        } catch (NativeSocketException e) {
            socket.close();
            throw BindProblem.ofErrno(e.errno()).map(problem -> (IOException) problem.exception(bind, e))
                    .orElseGet(() -> BindProblem.otherFailure(bind, e));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * On a wildcard bind, asks the kernel for each request's destination (IP_PKTINFO, IPV6_RECVPKTINFO)
     * so that {@link DatagramBatch} sends each reply from it; an IPv6 socket also takes IPv4, whose
     * destinations come as IP_PKTINFO. A socket bound to one address answers from it anyway.
     */
    private static void askForPacketInfo(LinuxSocket socket, InetSocketAddress bind, ReplySource replySource)
            throws IOException {
        if (replySource == ReplySource.ROUTE || !bind.getAddress().isAnyLocalAddress()) {
            return;
        }
        socket.setInt(IPPROTO_IP, IP_PKTINFO, 1);
        if (bind.getAddress() instanceof Inet6Address) {
            socket.setInt(IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
        }
    }

    @Override
    public TransportKind kind() {
        return TransportKind.LINUX_BATCHED;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void serve(DatagramHandler handler, WorkerCounters counters, ReplyGuard guard) throws IOException {
        synchronized (lifecycle) {
            if (state == State.CLOSED) {
                return;
            }
            if (state == State.SERVING) {
                throw new IllegalStateException("already serving on " + this);
            }
            state = State.SERVING;
        }
        try (Arena arena = Arena.ofConfined()) {
            DatagramBatch batch = DatagramBatch.allocate(arena, capacity, DatagramBatch.SLOT_SIZE);
            guard.start("udpkit-held-replies-" + localAddress.getPort(), () -> new NativeHeldReplySender(socket));
            try {
                if (guard.holdsRequests()) {
                    // Held requests come due with no datagram to wake us: a receive then times out, with EAGAIN.
                    socket.setReceiveTimeout(FaultyRequests.TICK);
                }
                loop(batch, handler, counters, guard);
            } finally {
                // Before the socket closes: the thread sending held replies uses it.
                guard.stop();
            }
        } finally {
            synchronized (lifecycle) {
                state = State.CLOSED;
                socket.close();
            }
        }
    }

    private void loop(DatagramBatch batch, DatagramHandler handler, WorkerCounters counters, ReplyGuard guard)
            throws IOException {
        MessageVector received = batch.received();
        MessageVector replies = batch.replies();
        MemorySegment callState = socket.callState();
        int fd = socket.fd();
        int lastCount = capacity;
        int failuresInARow = 0;
        while (!closing) {
            received.prepareReceive(lastCount);
            // MSG_WAITFORONE: block for the first datagram, then take whatever else is already queued.
            int count = Linux.recvmmsg(callState, fd, received.headers(), capacity, MSG_WAITFORONE, MemorySegment.NULL);
            if (closing) {
                // Shut input reads as one empty record with no sender: not a datagram to answer.
                return;
            }
            if (count <= 0) {
                if (count < 0) {
                    int errno = Linux.errno(callState);
                    if (errno == EBADF || errno == ENOTSOCK) {
                        throw socket.failure("receiving on " + this);
                    }
                    if (errno != EINTR && errno != EAGAIN) {
                        counters.increment(ServerCounter.RECEIVE_FAILURES);
                        if (++failuresInARow >= MAX_FAILURES_IN_A_ROW) {
                            // Not a bad datagram but a broken socket: stop rather than spin on a core.
                            throw socket.failure("receiving on " + this + " (" + failuresInARow + " failures in a row)");
                        }
                    }
                }
                lastCount = 0;
                if (guard.handHeldRequests(handler) > 0) {
                    guard.batchEnded();
                    ServerTransport.endBatch(handler, counters);
                }
                continue;
            }
            failuresInARow = 0;
            lastCount = count;
            int answered = batch.handle(count, handler, guard);
            count(batch, count, counters);
            send(replies, answered, callState, fd, counters);
            guard.handHeldRequests(handler);
            guard.batchEnded();
            ServerTransport.endBatch(handler, counters);
        }
    }

    /** Counted once per batch, not per datagram. */
    private static void count(DatagramBatch batch, int received, WorkerCounters counters) {
        counters.add(ServerCounter.RECEIVED, received);
        counters.add(ServerCounter.BYTES_RECEIVED, batch.bytes());
        if (batch.empty() > 0) {
            counters.add(ServerCounter.EMPTY, batch.empty());
        }
        if (batch.handlerFailures() > 0) {
            counters.add(ServerCounter.HANDLER_FAILURES, batch.handlerFailures());
        }
    }

    private static void send(MessageVector replies, int answered, MemorySegment callState, int fd,
                             WorkerCounters counters) {
        int done = 0;
        while (done < answered) {
            int sent = Linux.sendmmsg(callState, fd, replies.headersFrom(done), answered - done, 0);
            if (sent > 0) {
                counters.add(ServerCounter.REPLIED, sent);
                done += sent;
            } else if (sent < 0 && Linux.errno(callState) == EINTR) {
                continue;
            } else {
                // sendmmsg fails only on the first record it tries: count that one and go on with the rest.
                counters.increment(ServerCounter.SEND_FAILURES);
                done++;
            }
        }
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            closing = true;
            switch (state) {
                case BOUND -> {
                    state = State.CLOSED;
                    socket.close();
                }
                case SERVING -> socket.shutdownInput();
                case CLOSED -> {
                }
            }
        }
    }

    @Override
    public String toString() {
        return kind().label() + " at " + Endpoints.format(localAddress);
    }
}
