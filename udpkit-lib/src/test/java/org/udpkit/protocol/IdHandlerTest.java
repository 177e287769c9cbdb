package org.udpkit.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpkit.server.Counts;
import org.udpkit.server.HandlerCounters;
import org.udpkit.server.Rejection;
import org.udpkit.server.ServerCounter;
import org.udpkit.server.ServerCounts;
import org.udpkit.server.ServerOptions;
import org.udpkit.server.UdpServer;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class IdHandlerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final SharedKey KEY = SharedKey.of("sixteen bytes at least, and more".getBytes(StandardCharsets.US_ASCII));

    private static UdpServer server(Optional<SharedKey> key) throws IOException {
        return UdpServer.openPerWorker(new InetSocketAddress(LOOPBACK, 0),
                counters -> new IdHandler(new LengthProtocol(), key, counters), ServerOptions.defaults()).start();
    }

    private static DatagramChannel client(UdpServer server) throws IOException {
        // Not connected: the JDK skips an empty write on a connected channel, and empty datagrams are among the bad ones.
        DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        channel.socket().setSoTimeout(5000);
        return channel;
    }

    private static ByteBuffer receive(DatagramChannel channel) throws IOException {
        byte[] data = new byte[65_536];
        java.net.DatagramPacket packet = new java.net.DatagramPacket(data, data.length);
        channel.socket().receive(packet);
        return ByteBuffer.wrap(data, 0, packet.getLength()).slice();
    }

    @Test
    void theReplyRepeatsIdAndTransmissionAndAnswersThePayload() throws Exception {
        for (Optional<SharedKey> key : java.util.List.of(Optional.<SharedKey>empty(), Optional.of(KEY))) {
            IdProtocol protocol = IdProtocol.of(key);
            try (UdpServer server = server(key); DatagramChannel client = client(server)) {
                long id = IdProtocol.newId();
                client.send(ByteBuffer.wrap(protocol.datagram(IdProtocol.Kind.REQUEST, id, 3, "hello".getBytes())), server.localAddress());
                ByteBuffer reply = receive(client);
                assertThat(protocol.check(reply)).isEqualTo(IdProtocol.Verdict.REPLY);
                assertThat(IdProtocol.idOf(reply)).isEqualTo(id);
                assertThat(IdProtocol.transmissionOf(reply)).isEqualTo(3);
                assertThat(StandardCharsets.US_ASCII.decode(protocol.payloadOf(reply)).toString())
                        .isEqualTo("Your data was 5 bytes long");
            }
        }
    }

    @Test
    void aReplyIsNeverAnsweredSoTwoServersCannotTalkForEver() throws Exception {
        try (UdpServer a = server(Optional.empty())) {
            // A reply, as another server of the protocol would send: a must not answer it.
            IdProtocol protocol = IdProtocol.keyless();
            try (DatagramChannel fromA = DatagramChannel.open()) {
                fromA.bind(new InetSocketAddress(LOOPBACK, 0));
                fromA.send(ByteBuffer.wrap(protocol.datagram(IdProtocol.Kind.REPLY, 1, 1, new byte[0])), a.localAddress());
            }
            ServerCounts counts = Counts.awaitCount(a::counts, ServerCounter.REPLIES_IGNORED, 1);
            assertThat(counts.get(ServerCounter.REPLIED)).isZero();
            assertThat(counts.summary()).contains("rejected 1: 0 malformed, 0 wrong version, 0 bad tag, 1 replies ignored");
        }
    }

    /** Every kind of bad datagram, made from one good one by a seeded draw. */
    private static byte[] bad(SplittableRandom random, byte[] good, IdProtocol protocol, Rejection[] kind) {
        int pick = random.nextInt(5);
        switch (pick) {
            case 0 -> {
                byte[] noise = new byte[random.nextInt(200)];
                random.nextBytes(noise);
                // Random bytes that happen to start with the magic and version 1 are very rare; make them not.
                if (noise.length > 0) {
                    noise[0] = 0;
                }
                kind[0] = Rejection.MALFORMED;
                return noise;
            }
            case 1 -> {
                kind[0] = Rejection.MALFORMED;
                return java.util.Arrays.copyOf(good, random.nextInt(IdProtocol.HEADER_BYTES));
            }
            case 2 -> {
                byte[] wrong = good.clone();
                wrong[IdProtocol.VERSION_OFFSET] = (byte) (2 + random.nextInt(250));
                kind[0] = Rejection.WRONG_VERSION;
                return wrong;
            }
            case 3 -> {
                byte[] forged = good.clone();
                forged[IdProtocol.HEADER_BYTES + random.nextInt(forged.length - IdProtocol.HEADER_BYTES)] ^= (byte) (1 + random.nextInt(255));
                kind[0] = Rejection.BAD_TAG;
                return forged;
            }
            default -> {
                kind[0] = Rejection.REPLY;
                return protocol.datagram(IdProtocol.Kind.REPLY, random.nextLong(), 1, new byte[random.nextInt(20)]);
            }
        }
    }

    @Test
    void aMillionBadDatagramsAreEachCountedAndTheNextGoodOneIsAnswered() {
        // Through the handler alone (no sockets: nothing can be lost, so every count is exact), on a direct
        // buffer as the batched transport's.
        Map<Rejection, Long> counted = new EnumMap<>(Rejection.class);
        HandlerCounters counters = new HandlerCounters() {
            @Override
            public void countDropped() {
            }

            @Override
            public void countRejected(Rejection why) {
                counted.merge(why, 1L, Long::sum);
            }
        };
        IdProtocol protocol = IdProtocol.keyed(KEY);
        IdHandler handler = new IdHandler(new LengthProtocol(), Optional.of(KEY), counters);
        byte[] good = protocol.datagram(IdProtocol.Kind.REQUEST, 99, 1, "good".getBytes());
        ByteBuffer in = ByteBuffer.allocateDirect(65_536);
        ByteBuffer out = ByteBuffer.allocateDirect(65_507);
        Received received = new Received(in);
        Map<Rejection, Long> expected = new EnumMap<>(Rejection.class);
        SplittableRandom random = new SplittableRandom(2026);
        Rejection[] kind = new Rejection[1];
        for (int i = 0; i < 1_000_000; i++) {
            in.clear().put(bad(random, good, protocol, kind)).flip();
            out.clear();
            assertThat(handler.handle(received, out)).isFalse();
            assertThat(handler.sourceProven()).isFalse();
            expected.merge(kind[0], 1L, Long::sum);
        }
        assertThat(counted).isEqualTo(expected);
        in.clear().put(good).flip();
        out.clear();
        assertThat(handler.handle(received, out)).isTrue();
        assertThat(handler.sourceProven()).as("a valid tag proves the source").isTrue();
        out.flip();
        assertThat(protocol.check(out)).isEqualTo(IdProtocol.Verdict.REPLY);
        assertThat(IdProtocol.idOf(out)).isEqualTo(99);
    }

    @Test
    void aServerCountsEveryBadDatagramOverLoopbackAndStillAnswers() throws Exception {
        // 200,000 in rounds of 100, each round waiting for the server to take it in: a burst larger than the
        // socket's receive buffer would be lost before the server saw it, and the counts would not be exact.
        int rounds = 2000;
        int perRound = 100;
        IdProtocol protocol = IdProtocol.keyed(KEY);
        try (UdpServer server = server(Optional.of(KEY)); DatagramChannel client = client(server)) {
            byte[] good = protocol.datagram(IdProtocol.Kind.REQUEST, 5, 1, "good".getBytes());
            SplittableRandom random = new SplittableRandom(7);
            Rejection[] kind = new Rejection[1];
            Map<Rejection, Long> expected = new EnumMap<>(Rejection.class);
            long sent = 0;
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < perRound; i++) {
                    client.send(ByteBuffer.wrap(bad(random, good, protocol, kind)), server.localAddress());
                    expected.merge(kind[0], 1L, Long::sum);
                }
                sent += perRound;
                // Paced by what the server took in, so that no datagram is lost in a full socket buffer.
                Counts.awaitCount(server::counts, ServerCounter.RECEIVED, sent);
            }
            client.send(ByteBuffer.wrap(good), server.localAddress());
            ByteBuffer reply = receive(client);
            assertThat(protocol.check(reply)).isEqualTo(IdProtocol.Verdict.REPLY);
            ServerCounts counts = Counts.awaitCount(server::counts, ServerCounter.REPLIED, 1);
            for (Rejection why : Rejection.values()) {
                assertThat(counts.get(why.counter())).as(why.name()).isEqualTo(expected.getOrDefault(why, 0L));
            }
            assertThat(counts.get(ServerCounter.RECEIVED)).isEqualTo(sent + 1);
            assertThat(counts.get(ServerCounter.HANDLER_FAILURES)).isZero();
        }
    }

    /**
     * Bytes this thread allocated so far, through reflection: the library's module does not read
     * java.management, and reflection needs no such edge.
     */
    private static long allocatedByThisThread() throws ReflectiveOperationException {
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        return (long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class)
                .invoke(threads, Thread.currentThread().threadId());
    }

    @Test
    void allocatesNothingPerDatagram() throws ReflectiveOperationException {
        IdProtocol protocol = IdProtocol.keyed(KEY);
        IdHandler handler = new IdHandler(new LengthProtocol(), Optional.of(KEY), HandlerCounters.NONE);
        byte[] good = protocol.datagram(IdProtocol.Kind.REQUEST, 5, 1, new byte[64]);
        byte[] badTag = good.clone();
        badTag[20] ^= 1;
        // A slot of its own per datagram of a batch, as the batched transport hands them over.
        Received[] slots = new Received[64];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Received(ByteBuffer.allocateDirect(2048));
        }
        ByteBuffer out = ByteBuffer.allocateDirect(65_507);
        for (int pass = 0; pass < 2; pass++) {
            // The first pass warms up (class loading, the JIT); the second is measured.
            long before = allocatedByThisThread();
            int answered = 0;
            for (int i = 0; i < 200_000; i++) {
                Received received = slots[i % slots.length];
                received.payload().clear().put(i % 2 == 0 ? good : badTag).flip();
                out.clear();
                answered += handler.handle(received, out) ? 1 : 0;
            }
            assertThat(answered).isEqualTo(100_000);
            long allocated = allocatedByThisThread() - before;
            if (pass == 1) {
                assertThat(allocated).as("bytes allocated over 200,000 datagrams").isLessThan(200_000);
            }
        }
    }

    @Test
    void theEndOfABatchIsPassedOn() {
        AtomicInteger ends = new AtomicInteger();
        DatagramHandler inner = new DatagramHandler() {
            @Override
            public boolean handle(ReceivedDatagram request, ByteBuffer reply) {
                return false;
            }

            @Override
            public void batchEnded() {
                ends.incrementAndGet();
            }
        };
        new IdHandler(inner, Optional.empty(), HandlerCounters.NONE).batchEnded();
        assertThat(ends).hasValue(1);
    }

    /** A datagram in a reused buffer, as the transports hand them over. */
    private record Received(ByteBuffer payload) implements ReceivedDatagram {
        @Override
        public InetSocketAddress sender() {
            return new InetSocketAddress(LOOPBACK, 9);
        }
    }
}
