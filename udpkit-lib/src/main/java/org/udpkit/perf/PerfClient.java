package org.udpkit.perf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import org.udpkit.client.BackoffPolicy;
import org.udpkit.client.Reply;
import org.udpkit.client.ServerDownException;
import org.udpkit.client.UdpClient;
import org.udpkit.net.Endpoints;

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

    private PerfClient() {
    }

    /** What one test found at both ends. */
    public record Outcome(SendSummary sent, PerfResults received) {
    }

    /** Runs {@code test} against the server at {@code server}, without offload. */
    public static Outcome run(InetSocketAddress server, TestSettings test, Intervals intervals) throws IOException {
        return run(server, test, intervals, SendOffload.NONE);
    }

    /**
     * Runs {@code test} against the server at {@code server}, sending as {@code offload} says.
     *
     * @throws ServerDownException when the server does not answer START or RESULTS_PLEASE
     * @throws UnsupportedOperationException when the C library cannot be called from here
     */
    public static Outcome run(InetSocketAddress server, TestSettings test, Intervals intervals, SendOffload offload)
            throws IOException {
        try (UdpClient control = UdpClient.connected(server);
             BatchedSender sender = BatchedSender.open(server, test, offload)) {
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
