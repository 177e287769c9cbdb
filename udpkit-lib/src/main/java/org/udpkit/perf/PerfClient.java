package org.udpkit.perf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.udpkit.client.BackoffPolicy;
import org.udpkit.client.Reply;
import org.udpkit.client.ServerDownException;
import org.udpkit.client.UdpClient;
import org.udpkit.net.Endpoints;
import org.udpkit.server.TransportKind;

/**
 * The sending end of {@code udpkit perf}: asks the server to start a test, streams, then fetches the results.
 * Control travels over UDP with the library's request/reply retransmission ({@link UdpClient#request}): a lost
 * START or STARTED is sent again, and so is a lost RESULTS_PLEASE or RESULTS, since the server answers a repeated
 * request the same way.
 */
public final class PerfClient {
    /** From 0.1 s, doubling, the last wait 3.2 s: about six seconds of silence before the server counts as down. */
    public static final BackoffPolicy CONTROL = new BackoffPolicy(0.1, 2.0, 3.2);
    /** A reply that is not the awaited one (a late answer to an earlier try) costs one more exchange, this many at most. */
    private static final int EXCHANGES = 4;
    /** Time for the last data datagrams to be read before the results are asked for. */
    private static final Duration SETTLE = Duration.ofMillis(50);
    /**
     * How long after a reverse test's duration its results may take: the server's START to our receiver and its
     * RESULTS_PLEASE are retransmitted for about six seconds each.
     */
    private static final Duration REVERSE_RESULTS_WAIT = Duration.ofSeconds(15);

    private PerfClient() {
    }

    /** What one test found at both ends. */
    public record Outcome(SendSummary sent, PerfResults received) {
    }

    /** Runs {@code test} against the server at {@code server}, without offload, on the best transport here. */
    public static Outcome run(InetSocketAddress server, TestSettings test, Intervals intervals) throws IOException {
        return run(server, test, intervals, SendOffload.NONE, TransportKind.AUTO);
    }

    /**
     * Runs {@code test} against the server at {@code server}, sending through {@code transport} as {@code offload}
     * says.
     *
     * @throws ServerDownException when the server does not answer START or RESULTS_PLEASE
     * @throws UnsupportedOperationException when {@code transport} or {@code offload} needs the native layer and it
     *                                       cannot run here
     */
    public static Outcome run(InetSocketAddress server, TestSettings test, Intervals intervals, SendOffload offload,
                              TransportKind transport) throws IOException {
        try (UdpClient control = UdpClient.connected(server);
             PerfSender sender = PerfSender.open(server, test, offload, transport)) {
            exchange(control, PerfWire.start(test), test.streamId(), PerfWire.Kind.STARTED,
                    (reply) -> Optional.of(Boolean.TRUE));
            SendSummary sent = sender.run(intervals);
            sleep(SETTLE);
            PerfResults results = exchange(control, PerfWire.resultsPlease(test.streamId(), sent.sent()),
                    test.streamId(), PerfWire.Kind.RESULTS,
                    reply -> PerfWire.readResults(reply, (int) reply.byteSize()));
            return new Outcome(sent, results);
        }
    }

    /**
     * Runs {@code test} the other way (iperf3's {@code --reverse}): a receiver of our own on a free port of the
     * family's wildcard address, the server asked (REVERSE, retransmitted) to send the test to it. The server's
     * sender is an ordinary client of our receiver, so what the receiver measured comes back here as a test it
     * finished. Its {@link PerfResults#sent()} is what the server said it sent (its RESULTS_PLEASE).
     *
     * @throws ServerDownException when the server does not answer, or its data never arrives
     */
    public static PerfResults runReverse(InetSocketAddress server, TestSettings test, Intervals intervals,
                                         TransportKind transport) throws IOException {
        CompletableFuture<PerfResults> finished = new CompletableFuture<>();
        InetSocketAddress local = new InetSocketAddress(Endpoints.anyLocal(Endpoints.familyOf(server.getAddress())), 0);
        // Closed in the finally blocks below: first to end its serving thread, then (idempotent) in any case.
        PerfServer receiver = PerfServer.bind(local, ReceiveOffload.NONE, transport);
        try (UdpClient control = UdpClient.connected(server)) {
            Thread receiving = Thread.ofPlatform().daemon().name("udpkit-perf-receiver").start(() -> {
                try {
                    receiver.serve(new PerfServerListener() {
                        @Override
                        public void started(TestSettings started, InetSocketAddress sender) {
                        }

                        @Override
                        public void finished(TestSettings done, PerfResults results) {
                            if (done.streamId() == test.streamId()) {
                                finished.complete(results);
                            }
                        }
                    }, intervals);
                } catch (IOException | RuntimeException e) {
                    finished.completeExceptionally(e);
                }
            });
            try {
                exchange(control, PerfWire.reverse(test, receiver.localAddress().getPort()), test.streamId(),
                        PerfWire.Kind.STARTED, reply -> Optional.of(Boolean.TRUE));
                return finished.get(test.duration().plus(REVERSE_RESULTS_WAIT).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new ServerDownException(ServerDownException.Reason.NO_REPLY, "the test from "
                        + Endpoints.format(server) + " did not end within " + REVERSE_RESULTS_WAIT.toSeconds()
                        + " s of its " + test.duration().toMillis() / 1000.0 + " s: did its data reach "
                        + Endpoints.format(receiver.localAddress()) + "?");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException("receiving the test", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while receiving the test");
            } finally {
                receiver.close();
                join(receiving);
            }
        } finally {
            receiver.close();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends {@code request} until the awaited kind of reply for {@code stream} comes back, and reads it. */
    private static <T> T exchange(UdpClient control, byte[] request, long stream, PerfWire.Kind awaited,
                                  Function<MemorySegment, Optional<T>> read) throws IOException {
        for (int exchange = 0; exchange < EXCHANGES; exchange++) {
            Reply reply = control.request(request, CONTROL, wait -> { });
            MemorySegment bytes = MemorySegment.ofArray(reply.data());
            int length = (int) bytes.byteSize();
            if (PerfWire.kind(bytes, length).equals(Optional.of(awaited)) && PerfWire.streamId(bytes) == stream) {
                Optional<T> value = read.apply(bytes);
                if (value.isPresent()) {
                    return value.get();
                }
            }
        }
        throw new ServerDownException(ServerDownException.Reason.NO_REPLY, "no " + awaited + " from "
                + Endpoints.format(control.server()) + " in " + EXCHANGES + " exchanges: is it a udpkit perf server?");
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the last datagrams arrived");
        }
    }
}
