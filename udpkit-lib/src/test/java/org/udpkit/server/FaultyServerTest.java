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
 * and those that came late the ones delayed.
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
        if (transport == TransportKind.LINUX_BATCHED) {
            Requirements.require(Linux.isAvailable(), "the batched transport: " + Linux.whyUnavailable().orElse(""));
        }
        return ServerOptions.defaults().withTransport(transport).withReplyFaults(faults);
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
            long replies = REQUESTS - counts.get(ServerCounter.FAULT_DROPPED_REPLIES)
                    + counts.get(ServerCounter.FAULT_DUPLICATED);
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

}
