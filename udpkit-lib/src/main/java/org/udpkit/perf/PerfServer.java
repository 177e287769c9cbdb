package org.udpkit.perf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.udpkit.linux.Linux;
import org.udpkit.server.TransportKind;

/**
 * The receiving end of {@code udpkit perf}: one socket for control and data. On Linux it reads with
 * {@code recvmmsg} of 64 as the C yardstick's sink reads; elsewhere through a JDK channel ({@link ReceiveSocket}).
 * A data datagram costs a header check and one {@link ReceiverStats#record}; arrivals are timed once per receive.
 * Control datagrams (START, RESULTS_PLEASE, REVERSE) are answered at once to whoever sent them; answering again
 * what was answered before makes a retransmitted request harmless. One test at a time: a START with a new stream
 * ID ends the one before.
 */
public final class PerfServer implements AutoCloseable {
    private final ReceiveSocket socket;
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

    private PerfServer(ReceiveSocket socket) {
        this.socket = socket;
        this.headerBytes = socket.family() == StandardProtocolFamily.INET6
                ? PerfResults.IPV6_UDP_HEADERS : PerfResults.IPV4_UDP_HEADERS;
    }

    /** A server bound at {@code local}, without receive offload, on the best transport here. */
    public static PerfServer bind(InetSocketAddress local) throws IOException {
        return bind(local, ReceiveOffload.NONE, TransportKind.AUTO);
    }

    /**
     * A server bound at {@code local}, taking datagrams from the kernel as {@code offload} says, through
     * {@code transport} ({@link TransportKind#AUTO}: the batched one when the native layer can run here).
     *
     * @throws UnsupportedOperationException when {@code transport} or {@code offload} needs the native layer and
     *                                       it cannot run here
     */
    public static PerfServer bind(InetSocketAddress local, ReceiveOffload offload, TransportKind transport)
            throws IOException {
        return new PerfServer(switch (transport) {
            case LINUX_BATCHED -> BatchedReceiveSocket.bind(local, offload);
            case AUTO -> Linux.isAvailable() ? BatchedReceiveSocket.bind(local, offload)
                    : ChannelReceiveSocket.bind(local, offload);
            case JDK -> ChannelReceiveSocket.bind(local, offload);
        });
    }

    /** Which transport receives. */
    public TransportKind transport() {
        return switch (socket) {
            case BatchedReceiveSocket batched -> TransportKind.LINUX_BATCHED;
            case ChannelReceiveSocket channel -> TransportKind.JDK;
        };
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
            Phase phase = new Idle();
            while (!closed.get()) {
                int count = socket.receive();
                long now = System.nanoTime();
                if (count < 0) {
                    break; // shut down by close()
                }
                if (count > 0) {
                    phase = take(count, now, phase, listener, intervals);
                }
                if (phase instanceof Receiving receiving) {
                    receiving.clock().tick(now, receiving.stats().received(), receiving.stats().payloadBytes());
                }
            }
        } finally {
            socket.close();
        }
    }

    /** Counts a batch's data datagrams and answers its control datagrams; returns the phase after it. */
    private Phase take(int count, long now, Phase phase, PerfServerListener listener, Intervals intervals)
            throws IOException {
        for (int i = 0; i < count; i++) {
            MemorySegment slot = socket.datagram(i);
            int length = socket.length(i);
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
            phase = control(i, now, phase, listener, intervals);
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

    private Phase control(int index, long now, Phase phase, PerfServerListener listener, Intervals intervals)
            throws IOException {
        MemorySegment slot = socket.datagram(index);
        int length = socket.length(index);
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
                    listener.started(test.get(), socket.sender(index));
                }
                socket.answer(index, PerfWire.headerOnly(PerfWire.Kind.STARTED, stream));
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
                        // Answer first: a listener may end the receiver's life (a reverse client closes it).
                        socket.answer(index, answer);
                        listener.finished(receiving.test(), results);
                        yield new Finished(receiving.test(), answer);
                    }
                    case Finished finished when finished.test().streamId() == stream -> {
                        socket.answer(index, finished.reply());
                        yield phase;
                    }
                    default -> phase; // a stream this server does not know: its client will give up
                };
            }
            case REVERSE -> {
                Optional<PerfWire.ReverseRequest> request = PerfWire.readReverse(slot, length);
                if (request.isPresent()
                        && startReverse(request.get(), socket.sender(index), listener)) {
                    socket.answer(index, PerfWire.headerOnly(PerfWire.Kind.STARTED, stream));
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
                listener.reverseFinished(test, PerfClient.run(receiver, test, new Intervals.None(), SendOffload.NONE, transport()));
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

    /** Stops {@link #serve} within a fraction of a second; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (!serving.getAndSet(true)) {
                socket.close(); // never served: nobody else will close it
            } else {
                socket.shutdown();
            }
        }
    }
}
