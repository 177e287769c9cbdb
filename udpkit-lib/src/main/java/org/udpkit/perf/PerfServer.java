package org.udpkit.perf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.udpkit.linux.Linux;
import org.udpkit.linux.LinuxSocket;
import org.udpkit.linux.LinuxSocketConstants;
import org.udpkit.linux.MessageVector;
import org.udpkit.linux.SocketAddressLayout;

/**
 * The receiving end of {@code udpkit perf}: one socket for control and data, read with {@code recvmmsg} of
 * {@value #BATCH} as the C yardstick's sink reads. A data datagram costs a header check and one
 * {@link ReceiverStats#record}; arrivals are timed once per batch, when {@code recvmmsg} returns. Control
 * datagrams (START, RESULTS_PLEASE) are answered at once to whoever sent them; answering again what was
 * answered before makes a retransmitted request harmless. One test at a time: a START with a new stream ID
 * ends the one before.
 */
public final class PerfServer implements AutoCloseable {
    public static final int BATCH = 64;
    /** Room for the largest UDP payload, so that nothing is cut short. */
    private static final int SLOT_BYTES = 65_536;
    /** As much as the yardstick's sink asks for. */
    private static final int RECEIVE_BUFFER_BYTES = 8 << 20;
    /** How often a receive wakes to see whether the server was closed and to end intervals. */
    private static final Duration WAKE_EVERY = Duration.ofMillis(100);

    private final LinuxSocket socket;
    private final Arena arena = Arena.ofShared();
    private final int headerBytes;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean serving = new AtomicBoolean();
    /** The reverse test being sent, if any: one at a time, on a thread of its own. */
    private ReverseTest reverse;

    /** A test this server sends (--reverse): its stream, and the thread that runs it. */
    private record ReverseTest(long streamId, Thread sender) {
    }

    /** Where the server is in a test. */
    private sealed interface Phase {
    }

    private record Idle() implements Phase {
    }

    private record Receiving(TestSettings test, ReceiverStats stats, Intervals.Clock clock) implements Phase {
    }

    private record Finished(TestSettings test, byte[] reply) implements Phase {
    }

    private PerfServer(LinuxSocket socket) {
        this.socket = socket;
        this.headerBytes = socket.family() == StandardProtocolFamily.INET6
                ? PerfResults.IPV6_UDP_HEADERS : PerfResults.IPV4_UDP_HEADERS;
    }

    /** A server bound at {@code local}, without receive offload. */
    public static PerfServer bind(InetSocketAddress local) throws IOException {
        return bind(local, ReceiveOffload.NONE);
    }

    /**
     * A server bound at {@code local}, taking datagrams from the kernel as {@code offload} says.
     *
     * @throws UnsupportedOperationException when the C library cannot be called from here
     */
    public static PerfServer bind(InetSocketAddress local, ReceiveOffload offload) throws IOException {
        Linux.ensureAvailable();
        LinuxSocket socket = LinuxSocket.openUdpFor(local);
        try {
            socket.setInt(LinuxSocketConstants.SOL_SOCKET, LinuxSocketConstants.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            if (offload == ReceiveOffload.GRO) {
                socket.setInt(LinuxSocketConstants.IPPROTO_UDP, LinuxSocketConstants.UDP_GRO, 1);
            }
            socket.setReceiveTimeout(WAKE_EVERY);
            socket.bind(local);
            return new PerfServer(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Why neither end of udpkit perf can run here (it needs Linux's native layer), or empty when it can. */
    public static Optional<String> whyUnavailable() {
        return Linux.whyUnavailable();
    }

    public InetSocketAddress localAddress() throws IOException {
        return socket.localAddress();
    }

    /** Serves tests until {@link #close()}, reporting each test's intervals to {@code intervals}. Once only. */
    public void serve(PerfServerListener listener, Intervals intervals) throws IOException {
        if (!serving.compareAndSet(false, true)) {
            throw new IllegalStateException("a perf server serves once");
        }
        try {
            MessageVector received = MessageVector.allocate(arena, BATCH, SLOT_BYTES);
            MessageVector reply = MessageVector.allocate(arena, 1, PerfWire.RESULTS_BYTES);
            Phase phase = new Idle();
            int used = BATCH;
            while (!closed.get()) {
                received.prepareReceive(used);
                int count = Linux.recvmmsg(socket.callState(), socket.fd(), received.headers(), BATCH,
                        LinuxSocketConstants.MSG_WAITFORONE, MemorySegment.NULL);
                long now = System.nanoTime();
                if (count < 0) {
                    int errno = Linux.errno(socket.callState());
                    if (errno != LinuxSocketConstants.EAGAIN && errno != LinuxSocketConstants.EINTR) {
                        throw socket.failure("receiving datagrams");
                    }
                    used = 0;
                } else if (count == 0) {
                    break; // shut down by close()
                } else {
                    used = count;
                    phase = take(received, count, now, phase, reply, listener, intervals);
                }
                if (phase instanceof Receiving receiving) {
                    receiving.clock().tick(now, receiving.stats().received(), receiving.stats().payloadBytes());
                }
            }
        } finally {
            socket.close();
            arena.close();
        }
    }

    /** Counts a batch's data datagrams and answers its control datagrams; returns the phase after it. */
    private Phase take(MessageVector received, int count, long now, Phase phase, MessageVector reply,
                       PerfServerListener listener, Intervals intervals) throws IOException {
        for (int i = 0; i < count; i++) {
            MemorySegment slot = received.slot(i);
            int length = received.length(i);
            if (phase instanceof Receiving receiving) {
                int size = receiving.test().size();
                if (length > size) {
                    // GRO: datagrams of one flow and one size, back to back, the last perhaps shorter. Only a data
                    // flow sends more than one datagram in a row at one size; control travels on another socket.
                    for (int at = 0; at < length; at += size) {
                        record(receiving, slot, at, Math.min(size, length - at), now);
                    }
                    continue;
                }
                if (record(receiving, slot, 0, length, now)) {
                    continue;
                }
            }
            phase = control(received, i, now, phase, reply, listener, intervals);
        }
        return phase;
    }

    /** Counts the datagram {@code at} bytes into {@code slot} if it is data; returns whether it was (of any stream). */
    private static boolean record(Receiving receiving, MemorySegment slot, int at, int length, long now) {
        if (!PerfWire.isData(slot, at, length)) {
            return false;
        }
        if (PerfWire.streamId(slot, at) == receiving.test().streamId()) {
            receiving.stats().record(PerfWire.sequence(slot, at), PerfWire.sendNanos(slot, at), now, length);
        }
        return true;
    }

    private Phase control(MessageVector received, int index, long now, Phase phase, MessageVector reply,
                          PerfServerListener listener, Intervals intervals) throws IOException {
        MemorySegment slot = received.slot(index);
        int length = received.length(index);
        Optional<PerfWire.Kind> kind = PerfWire.kind(slot, length);
        if (kind.isEmpty()) {
            return phase; // not ours
        }
        long stream = PerfWire.streamId(slot);
        switch (kind.get()) {
            case START -> {
                Optional<TestSettings> test = PerfWire.readStart(slot, length);
                if (test.isEmpty()) {
                    return phase;
                }
                Phase next = phase;
                if (!isStream(phase, stream)) {
                    next = new Receiving(test.get(), new ReceiverStats(), new Intervals.Clock(intervals, now));
                    listener.started(test.get(), SocketAddressLayout.read(received.address(index)));
                }
                answer(received, index, reply, PerfWire.headerOnly(PerfWire.Kind.STARTED, stream));
                return next;
            }
            case RESULTS_PLEASE -> {
                Optional<Long> sent = PerfWire.readSent(slot, length);
                if (sent.isEmpty()) {
                    return phase;
                }
                return switch (phase) {
                    case Receiving receiving when receiving.test().streamId() == stream -> {
                        receiving.clock().finish(now, receiving.stats().received(), receiving.stats().payloadBytes());
                        PerfResults results = receiving.stats().results(sent.get(), headerBytes);
                        byte[] answer = PerfWire.results(stream, results);
                        listener.finished(receiving.test(), results);
                        answer(received, index, reply, answer);
                        yield new Finished(receiving.test(), answer);
                    }
                    case Finished finished when finished.test().streamId() == stream -> {
                        answer(received, index, reply, finished.reply());
                        yield phase;
                    }
                    default -> phase; // a stream this server does not know: its client will give up
                };
            }
            case REVERSE -> {
                Optional<PerfWire.ReverseRequest> request = PerfWire.readReverse(slot, length);
                if (request.isPresent()
                        && startReverse(request.get(), SocketAddressLayout.read(received.address(index)), listener)) {
                    answer(received, index, reply, PerfWire.headerOnly(PerfWire.Kind.STARTED, stream));
                }
                return phase;
            }
            default -> {
                return phase; // DATA of another stream, or a server's message: not for us
            }
        }
    }

    /**
     * Starts sending {@code request}'s test to the asker's receiver, unless it is the one already under way (a
     * retransmitted REVERSE: answered again, not restarted); returns whether to answer STARTED. The sender is an
     * ordinary {@link PerfClient}: it sends its START to the receiver and no data before the receiver answers, so a
     * REVERSE forged from someone else's address gets them a few STARTs, never a stream.
     */
    private boolean startReverse(PerfWire.ReverseRequest request, InetSocketAddress asker, PerfServerListener listener) {
        TestSettings test = request.test();
        if (reverse != null && reverse.sender().isAlive()) {
            return reverse.streamId() == test.streamId();
        }
        InetSocketAddress receiver = new InetSocketAddress(asker.getAddress(), request.receiverPort());
        listener.reverseStarted(test, receiver);
        Thread sender = Thread.ofPlatform().daemon().name("udpkit-perf-reverse").start(() -> {
            try {
                listener.reverseFinished(test, PerfClient.run(receiver, test, new Intervals.None()));
            } catch (IOException | RuntimeException e) {
                listener.reverseFailed(test, e);
            }
        });
        reverse = new ReverseTest(test.streamId(), sender);
        return true;
    }

    private static boolean isStream(Phase phase, long stream) {
        return switch (phase) {
            case Idle idle -> false;
            case Receiving receiving -> receiving.test().streamId() == stream;
            case Finished finished -> finished.test().streamId() == stream;
        };
    }

    /** Sends {@code message} to the sender of received datagram {@code index}. */
    private void answer(MessageVector received, int index, MessageVector reply, byte[] message) throws IOException {
        MemorySegment.copy(message, 0, reply.slot(0), ValueLayout.JAVA_BYTE, 0, message.length);
        reply.setLength(0, message.length);
        reply.setDestination(0, received.address(index), received.addressLength(index));
        if (Linux.sendmmsg(socket.callState(), socket.fd(), reply.headers(), 1, 0) < 0) {
            int errno = Linux.errno(socket.callState());
            if (errno != LinuxSocketConstants.ECONNREFUSED) {
                throw socket.failure("answering " + SocketAddressLayout.read(received.address(index)));
            }
        }
    }

    /** Stops {@link #serve} within a fraction of a second; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (!serving.getAndSet(true)) {
                socket.close(); // never served: nobody else will close it
                arena.close();
            } else {
                socket.shutdownInput();
            }
        }
    }
}
