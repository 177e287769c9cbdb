package org.udpkit.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.udpkit.Requirements;
import org.udpkit.linux.Linux;
import org.udpkit.protocol.LengthProtocol;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A faulty server (seeded {@link Faults}) on both transports: the same seed gives the same counts,
 * and a connected client sees exactly what they say, to the datagram: the replies missing are the ones
 * dropped, those that came twice the ones duplicated, those overtaken by a later reply the ones reordered,
 * and those that came late the ones delayed. The same for faults in the requests: a request dropped has no
 * reply, one duplicated is handled twice and answered twice, one reordered or delayed is answered late.
 */
@Timeout(60)
class FaultyServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Requests of 1 .. N bytes: each reply names its request by its length. */
    private static final int REQUESTS = 300;
    private static final long SEED = 20261203L;

    /** What one connected client saw: each reply's request length, in the order they came, and when. */
    private record Seen(List<Integer> lengths, Map<Integer, Long> firstArrivalNanos, long[] sentNanos) {
        long missing() {
            return REQUESTS - firstArrivalNanos.size();
        }

        /** The requests with no reply at all. */
        java.util.Set<Integer> missingLengths() {
            java.util.Set<Integer> missing = new java.util.TreeSet<>();
            for (int length = 1; length <= REQUESTS; length++) {
                if (!firstArrivalNanos.containsKey(length)) {
                    missing.add(length);
                }
            }
            return missing;
        }

        long twice() {
            return lengths.size() - firstArrivalNanos.size();
        }

        /** Replies whose first copy came after a reply to a later request. */
        long overtaken() {
            Map<Integer, Boolean> seen = new HashMap<>();
            int highest = 0;
            long overtaken = 0;
            for (int length : lengths) {
                if (seen.putIfAbsent(length, true) == null) {
                    if (length < highest) {
                        overtaken++;
                    }
                    highest = Math.max(highest, length);
                }
            }
            return overtaken;
        }

        long lateBy(Duration atLeast) {
            return firstArrivalNanos.entrySet().stream()
                    .filter(e -> e.getValue() - sentNanos[e.getKey()] >= atLeast.toNanos()).count();
        }
    }

    private static ServerOptions on(TransportKind transport, Faults faults) {
        return on(transport).withReplyFaults(faults);
    }

    private static ServerOptions on(TransportKind transport) {
        if (transport == TransportKind.LINUX_BATCHED) {
            Requirements.require(Linux.isAvailable(), "the batched transport: " + Linux.whyUnavailable().orElse(""));
        }
        return ServerOptions.defaults().withTransport(transport);
    }

    /** Sends the requests from a connected client, then takes every reply the counts say was sent. */
    private static Map.Entry<ServerCounts, Seen> run(ServerOptions options) throws Exception {
        try (UdpServer server = UdpServer.open(new InetSocketAddress(LOOPBACK, 0), new LengthProtocol(), options).start();
             DatagramChannel client = DatagramChannel.open()) {
            client.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            client.connect(server.localAddress());
            client.configureBlocking(false);
            List<Integer> lengths = new ArrayList<>();
            Map<Integer, Long> first = new HashMap<>();
            AtomicLong expected = new AtomicLong(Long.MAX_VALUE);
            // Replies are read as they come, on a thread of their own, so that their times of arrival are true.
            FutureTask<Void> reader = new FutureTask<>(() -> {
                ByteBuffer in = ByteBuffer.allocate(100);
                long deadline = System.nanoTime() + Await.PATIENCE.toNanos();
                while (lengths.size() < expected.get() && System.nanoTime() < deadline) {
                    in.clear();
                    if (client.receive(in) == null) {
                        Thread.sleep(1);
                        continue;
                    }
                    long now = System.nanoTime();
                    int length = LengthProtocol.parseReply(in.flip()).orElseThrow();
                    lengths.add(length);
                    first.putIfAbsent(length, now);
                }
                return null;
            });
            Thread.ofPlatform().daemon().start(reader);
            long[] sent = new long[REQUESTS + 1];
            for (int length = 1; length <= REQUESTS; length++) {
                sent[length] = System.nanoTime();
                client.write(ByteBuffer.allocate(length));
                if (length % 50 == 0) {
                    // In steps, so that the server's receive buffer never overflows: every request is answered.
                    Counts.awaitCount(server::counts, ServerCounter.RECEIVED, length);
                }
            }
            ServerCounts counts = Counts.awaitCount(server::counts, ServerCounter.RECEIVED, REQUESTS);
            // One direction's faults at a time: a request dropped or handled twice, or a reply dropped or sent twice.
            long replies = REQUESTS - counts.get(ServerCounter.FAULT_DROPPED_REPLIES)
                    + counts.get(ServerCounter.FAULT_DUPLICATED) - counts.get(ServerCounter.FAULT_DROPPED_REQUESTS)
                    + counts.get(ServerCounter.FAULT_DUPLICATED_REQUESTS);
            Counts.awaitCount(server::counts, ServerCounter.REPLIED, replies);
            expected.set(replies);
            reader.get(Await.PATIENCE.toSeconds() + 5, TimeUnit.SECONDS);
            Thread.sleep(100);
            assertThat(client.receive(ByteBuffer.allocate(100))).as("no reply beyond the counted ones").isNull();
            // Everything the faults did, the server counted before the client had it all: the counts are final.
            return Map.entry(server.counts(), new Seen(lengths, first, sent));
        }
    }

    private static void print(String what, TransportKind transport, ServerCounts counts) {
        System.out.printf("faults (%s, %s): %s%n", what, transport.label(), counts.summary());
    }

    @ParameterizedTest
    @EnumSource(names = {"LINUX_BATCHED", "JDK"})
    void droppedDuplicatedAndReorderedRepliesAreExactlyWhatTheClientSees(TransportKind transport) throws Exception {
        Faults faults = Faults.none(SEED).withDrop(0.2).withDuplicate(0.1).withReorder(0.1);
        Map.Entry<ServerCounts, Seen> first = run(on(transport, faults));
        ServerCounts counts = first.getKey();
        Seen seen = first.getValue();
        print("drop 0.2, duplicate 0.1, reorder 0.1", transport, counts);
        assertThat(counts.get(ServerCounter.FAULT_DROPPED_REPLIES)).isPositive();
        assertThat(counts.get(ServerCounter.FAULT_DUPLICATED)).isPositive();
        assertThat(counts.get(ServerCounter.FAULT_REORDERED)).isPositive();
        assertThat(seen.missing()).isEqualTo(counts.get(ServerCounter.FAULT_DROPPED_REPLIES));
        assertThat(seen.twice()).isEqualTo(counts.get(ServerCounter.FAULT_DUPLICATED));
        assertThat(seen.overtaken()).isEqualTo(counts.get(ServerCounter.FAULT_REORDERED));
        assertThat((long) seen.lengths().size()).isEqualTo(counts.get(ServerCounter.REPLIED));

        ServerCounts again = run(on(transport, faults)).getKey();
        for (ServerCounter counter : List.of(ServerCounter.FAULT_DROPPED_REPLIES, ServerCounter.FAULT_DUPLICATED,
                ServerCounter.FAULT_REORDERED, ServerCounter.REPLIED)) {
            assertThat(again.get(counter)).as("%s, same seed", counter.label()).isEqualTo(counts.get(counter));
        }
        ServerCounts otherSeed = run(on(transport, faults.withSeed(SEED + 1))).getKey();
        assertThat(otherSeed.get(ServerCounter.FAULT_DROPPED_REPLIES))
                .as("another seed, other drops (this pair of seeds is known to differ)")
                .isNotEqualTo(counts.get(ServerCounter.FAULT_DROPPED_REPLIES));
    }

    @ParameterizedTest
    @EnumSource(names = {"LINUX_BATCHED", "JDK"})
    void delayedRepliesComeLateAndTheOthersDoNot(TransportKind transport) throws Exception {
        // 600 ms ± 100 ms: a delayed reply comes 500 ms after the first request at the least; on loopback the
        // others come within milliseconds, so even a busy machine does not blur the two.
        Faults faults = Faults.none(SEED).withDelay(0.25, Duration.ofMillis(600), Duration.ofMillis(100));
        Map.Entry<ServerCounts, Seen> result = run(on(transport, faults));
        ServerCounts counts = result.getKey();
        print("delay 0.25 of 600ms±100ms", transport, counts);
        assertThat(counts.get(ServerCounter.FAULT_DELAYED)).isPositive();
        assertThat(result.getValue().missing()).isZero();
        assertThat(result.getValue().lateBy(Duration.ofMillis(450))).isEqualTo(counts.get(ServerCounter.FAULT_DELAYED));
        assertThat(run(on(transport, faults)).getKey().get(ServerCounter.FAULT_DELAYED))
                .as("same seed").isEqualTo(counts.get(ServerCounter.FAULT_DELAYED));
    }

    @ParameterizedTest
    @EnumSource(names = {"LINUX_BATCHED", "JDK"})
    void aServerWithoutFaultsCountsNone(TransportKind transport) throws Exception {
        Map.Entry<ServerCounts, Seen> result = run(on(transport, Faults.none(SEED)));
        assertThat(result.getValue().missing()).isZero();
        assertThat(result.getValue().overtaken()).isZero();
        assertThat(result.getKey().summary()).doesNotContain("faults");
    }

    @ParameterizedTest
    @EnumSource(names = {"LINUX_BATCHED", "JDK"})
    void droppedDuplicatedAndReorderedRequestsAreExactlyWhatTheClientSees(TransportKind transport) throws Exception {
        Faults faults = Faults.none(SEED).withDrop(0.1).withDuplicate(0.1).withReorder(0.1);
        Map.Entry<ServerCounts, Seen> first = run(on(transport).withRequestFaults(faults));
        ServerCounts counts = first.getKey();
        Seen seen = first.getValue();
        print("requests: drop 0.1, duplicate 0.1, reorder 0.1", transport, counts);
        long dropped = counts.get(ServerCounter.FAULT_DROPPED_REQUESTS);
        long duplicated = counts.get(ServerCounter.FAULT_DUPLICATED_REQUESTS);
        long reordered = counts.get(ServerCounter.FAULT_REORDERED_REQUESTS);
        assertThat(dropped).isPositive();
        assertThat(duplicated).isPositive();
        assertThat(reordered).isPositive();
        assertThat(counts.get(ServerCounter.RECEIVED)).as("an arrival counted once").isEqualTo(REQUESTS);
        assertThat(seen.missing()).isEqualTo(dropped);
        assertThat(seen.twice()).as("a request handled twice is answered twice").isEqualTo(duplicated);
        assertThat(seen.overtaken()).isEqualTo(reordered);
        assertThat((long) seen.lengths().size()).isEqualTo(counts.get(ServerCounter.REPLIED));
        assertThat(counts.get(ServerCounter.FAULT_DUPLICATED) + counts.get(ServerCounter.FAULT_REORDERED)
                + counts.get(ServerCounter.FAULT_DROPPED_REPLIES)).as("the replies untouched").isZero();
        // Handed late: each second copy, each request overtaken; the last, held with nothing after it, is not
        // counted as reordered but is handed late all the same.
        assertThat(counts.get(ServerCounter.FAULT_REQUESTS_HANDED_LATE))
                .isBetween(duplicated + reordered, duplicated + reordered + 2);

        ServerCounts again = run(on(transport).withRequestFaults(faults)).getKey();
        for (ServerCounter counter : List.of(ServerCounter.FAULT_DROPPED_REQUESTS, ServerCounter.FAULT_DUPLICATED_REQUESTS,
                ServerCounter.FAULT_REORDERED_REQUESTS, ServerCounter.FAULT_REQUESTS_HANDED_LATE, ServerCounter.REPLIED)) {
            assertThat(again.get(counter)).as("%s, same seed", counter.label()).isEqualTo(counts.get(counter));
        }
        Seen asReplies = run(on(transport, faults)).getValue();
        assertThat(asReplies.missingLengths())
                .as("the same seed draws another sequence for the replies: other requests go unanswered")
                .isNotEqualTo(seen.missingLengths());
    }

    @ParameterizedTest
    @EnumSource(names = {"LINUX_BATCHED", "JDK"})
    void delayedRequestsAreAnsweredLateAndTheOthersAreNot(TransportKind transport) throws Exception {
        // As for the replies: 600 ms ± 100 ms stands out from loopback's milliseconds even on a busy machine.
        Faults faults = Faults.none(SEED).withDelay(0.25, Duration.ofMillis(600), Duration.ofMillis(100));
        Map.Entry<ServerCounts, Seen> result = run(on(transport).withRequestFaults(faults));
        ServerCounts counts = result.getKey();
        print("requests: delay 0.25 of 600ms±100ms", transport, counts);
        long delayed = counts.get(ServerCounter.FAULT_DELAYED_REQUESTS);
        assertThat(delayed).isPositive();
        assertThat(result.getValue().missing()).isZero();
        assertThat(result.getValue().lateBy(Duration.ofMillis(450))).isEqualTo(delayed);
        assertThat(counts.get(ServerCounter.FAULT_REQUESTS_HANDED_LATE)).isEqualTo(delayed);
        assertThat(run(on(transport).withRequestFaults(faults)).getKey().get(ServerCounter.FAULT_DELAYED_REQUESTS))
                .as("same seed").isEqualTo(delayed);
    }
}
