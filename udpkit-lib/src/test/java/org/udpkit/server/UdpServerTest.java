package org.udpkit.server;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpkit.client.Reply;
import org.udpkit.client.UdpClient;
import org.udpkit.book.BookLines;
import org.udpkit.book.LossyHandler;
import org.udpkit.book.NarratingHandler;
import org.udpkit.linux.Linux;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.Requirements;
import org.udpkit.protocol.ReceivedDatagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class UdpServerTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /** Patience for a reply that must come: long, since only a failing test ever waits it out. */
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);
    /** A request {@link #lossyServer} always answers, past its lossy handler. */
    private static final byte[] CONTROL = "control".getBytes(StandardCharsets.US_ASCII);
    /** What {@link #eachBatchEndsAfterItsDatagramsAndTheWrappingHandlersPassItOn} records for a batch's end. */
    private static final int END = -1;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 46, 1472, 1473, 9000, 65507})
    void answersEverySizeWithItsTrueLength(int size) throws IOException {
        // Unconnected, because the JDK will not send an empty datagram on a connected socket.
        try (UdpServer server = UdpServer.open(ANY_LOOPBACK_PORT, new LengthProtocol()).start();
             UdpClient client = UdpClient.unconnected(server.localAddress())) {
            client.send(new byte[size]);
            Reply reply = client.receive(REPLY_WAIT).orElseThrow();
            assertThat(reply.text()).isEqualTo("Your data was " + size + " bytes long");
            assertThat(reply.from()).isEqualTo(server.localAddress());
        }
    }

    @Test
    void servesIpv6() throws IOException {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        try (UdpServer server = UdpServer.open(v6, new LengthProtocol()).start();
             UdpClient client = UdpClient.connected(server.localAddress())) {
            client.send("hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.receive(REPLY_WAIT).orElseThrow().text()).isEqualTo("Your data was 5 bytes long");
            assertThat(server.localAddress().getAddress().getHostAddress()).contains(":");
        }
    }

    @Test
    void countsWhatItSawAndSurvivesAHandlerThatThrows() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        LengthProtocol protocol = new LengthProtocol();
        DatagramHandler buggy = (request, reply) -> {
            if (request.length() == 13) {
                throw new IllegalStateException("a handler bug");
            }
            return protocol.handle(request, reply);
        };
        try (UdpServer server = UdpServer.openPerWorker(ANY_LOOPBACK_PORT,
                counters -> new NarratingHandler(buggy, BookLines.Voice.ANSWERING, lines::add),
                ServerOptions.defaults()).start();
             UdpClient client = UdpClient.unconnected(server.localAddress())) {
            List<byte[]> requests = List.of(new byte[0], new byte[] {(byte) 0xff, 'a'}, new byte[13], "after".getBytes());
            List<String> replies = new ArrayList<>();
            for (byte[] request : requests) {
                client.send(request);
                if (request.length != 13) {
                    replies.add(client.receive(REPLY_WAIT).orElseThrow(() -> new AssertionError("no reply to "
                            + request.length + " bytes")).text());
                }
            }
            // The 13 bytes made the handler throw. Had they been answered anyway, that answer would be the reply
            // received after sending "after": one worker answers in order and loopback keeps order. So the reply
            // that follows the 2-byte one being "after"'s shows there was none, without waiting for a silence.
            assertThat(replies).containsExactly("Your data was 0 bytes long", "Your data was 2 bytes long",
                    "Your data was 5 bytes long");
            ServerCounts counts = Counts.awaitCount(server::counts, ServerCounter.REPLIED, 3);
            assertThat(counts.get(ServerCounter.RECEIVED)).isEqualTo(4);
            assertThat(counts.get(ServerCounter.EMPTY)).isEqualTo(1);
            assertThat(counts.get(ServerCounter.NOT_ASCII)).isEqualTo(1);
            assertThat(counts.get(ServerCounter.HANDLER_FAILURES)).isEqualTo(1);
            assertThat(counts.get(ServerCounter.BYTES_RECEIVED)).isEqualTo(0 + 2 + 13 + 5);
            assertThat(lines).contains("The client at 127.0.0.1:" + client.localAddress().getPort() + " says '\\xffa'");
            assertThat(counts.summary()).startsWith("Received 4 datagrams (20 bytes; 1 empty, 1 not ASCII); replied to 3, dropped 0")
                    .contains("1 in the handler");
        }
    }

    @Test
    void dropsTheSeededFractionAndSaysSo() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        List<Boolean> dropped;
        try (UdpServer server = lossyServer(7, lines::add);
             UdpClient client = UdpClient.connected(server.localAddress())) {
            dropped = dropsSeen(client, 40);
            long drops = dropped.stream().filter(d -> d).count();
            // Each of the 40 requests and 40 controls was received; every control and every request not dropped was answered.
            ServerCounts counts = Counts.awaitCount(server::counts, ServerCounter.REPLIED, 80 - drops);
            assertThat(counts.get(ServerCounter.RECEIVED)).isEqualTo(80);
            assertThat(counts.get(ServerCounter.DROPPED)).isEqualTo(drops);
            assertThat(lines).filteredOn(l -> l.startsWith("Pretending to drop packet from 127.0.0.1:")).hasSize((int) drops);
            // Half, give or take: a fair coin lands outside 8 to 32 heads in 40 throws for about 4 seeds in 100,000.
            assertThat(drops).isBetween(8L, 32L);
            // Seed 7 drops the first two and answers the third, as UdpClientTest's retransmission test relies on.
            assertThat(dropped.subList(0, 3)).containsExactly(true, true, false);
        }
        // The same seed drops the same requests: on a second server, and handler against handler.
        try (UdpServer again = lossyServer(7, line -> { });
             UdpClient client = UdpClient.connected(again.localAddress())) {
            assertThat(dropsSeen(client, 40)).isEqualTo(dropped);
        }
        ReceivedDatagram any = new ReceivedDatagram() {
            @Override
            public ByteBuffer payload() {
                return ByteBuffer.allocate(0);
            }

            @Override
            public InetSocketAddress sender() {
                return ANY_LOOPBACK_PORT;
            }
        };
        LossyHandler again = new LossyHandler((request, reply) -> true, 0.5, 7, line -> { }, HandlerCounters.NONE);
        LossyHandler twice = new LossyHandler((request, reply) -> true, 0.5, 7, line -> { }, HandlerCounters.NONE);
        for (int i = 0; i < 100; i++) {
            assertThat(again.handle(any, null)).isEqualTo(twice.handle(any, null));
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"LINUX_BATCHED", "JDK"})
    void eachBatchEndsAfterItsDatagramsAndTheWrappingHandlersPassItOn(TransportKind transport) throws Exception {
        Requirements.require(transport != TransportKind.LINUX_BATCHED || Linux.isAvailable(), "native Linux sockets");
        int burst = 100;
        // What the innermost handler sees, in order: a datagram's length, or END when a batch ended.
        List<Integer> seen = new CopyOnWriteArrayList<>();
        DatagramHandler recording = new DatagramHandler() {
            @Override
            public boolean handle(ReceivedDatagram request, ByteBuffer reply) {
                seen.add(request.length());
                return new LengthProtocol().handle(request, reply);
            }

            @Override
            public void batchEnded() {
                seen.add(END);
            }
        };
        try (UdpServer server = UdpServer.openPerWorker(ANY_LOOPBACK_PORT,
                counters -> new NarratingHandler(new LossyHandler(recording, 0, 1, line -> { }, counters),
                        BookLines.Voice.ANSWERING, line -> { }),
                ServerOptions.defaults().withTransport(transport)).start();
             UdpClient client = UdpClient.connected(server.localAddress())) {
            for (int i = 1; i <= burst; i++) {
                client.send(new byte[i]);
            }
            for (int i = 1; i <= burst; i++) {
                assertThat(client.receive(REPLY_WAIT)).as("reply %d", i).isPresent();
            }
            // A batch ends once its replies are sent, so the last end may come just after the last reply.
            List<Integer> all = Await.until(() -> List.copyOf(seen), s -> s.getLast() == END);
            assertThat(all.getLast()).isEqualTo(END);
            assertThat(all).filteredOn(n -> n != END).containsExactlyElementsOf(
                    IntStream.rangeClosed(1, burst).boxed().toList());
            for (int i = 1; i < all.size(); i++) {
                assertThat(all.get(i - 1) == END && all.get(i) == END).as("an empty batch at %d", i).isFalse();
            }
            if (transport == TransportKind.JDK) {
                assertThat(all).as("the JDK channel's batches are of one").filteredOn(n -> n == END).hasSize(burst);
            }
        }
    }

    /** One worker that drops half of what it is sent (seeded), except {@link #CONTROL}, which it always answers. */
    private static UdpServer lossyServer(long seed, java.util.function.Consumer<String> lines) throws IOException {
        return UdpServer.openPerWorker(ANY_LOOPBACK_PORT, counters -> {
            DatagramHandler lossy = new LossyHandler(new LengthProtocol(), 0.5, seed, lines, counters);
            DatagramHandler plain = new LengthProtocol();
            return (request, reply) -> request.length() == CONTROL.length
                    ? plain.handle(request, reply) : lossy.handle(request, reply);
        }, ServerOptions.defaults()).start();
    }

    /**
     * Sends {@code count} one-byte requests, each followed by {@link #CONTROL}, and says for each whether it was
     * dropped. One worker answers in order and loopback keeps order, so a request's reply, when there is one,
     * arrives before its control's: a control's reply coming first is the sign of a drop, with no window to wait out.
     */
    private static List<Boolean> dropsSeen(UdpClient client, int count) throws IOException {
        String answered = "Your data was 1 bytes long";
        String control = "Your data was " + CONTROL.length + " bytes long";
        List<Boolean> dropped = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            client.send(new byte[] {1});
            client.send(CONTROL);
            String first = client.receive(REPLY_WAIT).orElseThrow(() -> new AssertionError("no reply")).text();
            assertThat(first).as("first reply after request %d", i).isIn(answered, control);
            if (first.equals(answered)) {
                assertThat(client.receive(REPLY_WAIT)).as("control after request %d", i)
                        .hasValueSatisfying(reply -> assertThat(reply.text()).isEqualTo(control));
            }
            dropped.add(first.equals(control));
        }
        return dropped;
    }

    @Test
    void aPortInUseIsRefusedWithTheAddressAndAReason() throws IOException {
        try (DatagramSocket taken = new DatagramSocket(ANY_LOOPBACK_PORT)) {
            InetSocketAddress same = (InetSocketAddress) taken.getLocalSocketAddress();
            assertThatThrownBy(() -> UdpServer.open(same, new LengthProtocol()))
                    .isInstanceOf(BindException.class)
                    .hasMessage("cannot listen at 127.0.0.1:" + same.getPort() + ": the port is already in use");
        }
    }

    @Test
    void anAddressThatIsNotOursIsRefused() throws IOException {
        // 198.18.0.0/15 is for benchmarks; no interface here has it, and binding sends nothing.
        InetSocketAddress notOurs = new InetSocketAddress(InetAddress.getByName("198.18.0.1"), 0);
        assertThatThrownBy(() -> UdpServer.open(notOurs, new LengthProtocol()))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("cannot listen at 198.18.0.1:0")
                .hasMessageContaining("not one of this machine's");
    }

    @Test
    void closeStopsTheServerAndIsIdempotent() throws IOException, InterruptedException {
        UdpServer server = UdpServer.open(ANY_LOOPBACK_PORT, new LengthProtocol()).start();
        InetSocketAddress address = server.localAddress();
        server.close();
        server.close();
        // The port is free again: the socket is really gone.
        try (DatagramSocket rebound = new DatagramSocket(address)) {
            assertThat(rebound.getLocalPort()).isEqualTo(address.getPort());
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("udpkit-server-" + address.getPort()) && t.isAlive());
    }

    @Test
    void aFloodDoesNotStopTheServer() throws IOException, InterruptedException {
        try (UdpServer server = UdpServer.open(ANY_LOOPBACK_PORT, new LengthProtocol()).start();
             DatagramSocket flooder = new DatagramSocket(ANY_LOOPBACK_PORT);
             UdpClient client = UdpClient.connected(server.localAddress())) {
            // Bounded in count and time: 50,000 datagrams or 5 seconds, whichever comes first.
            byte[] junk = new byte[512];
            DatagramPacket packet = new DatagramPacket(junk, junk.length, server.localAddress());
            long deadline = System.nanoTime() + 5_000_000_000L;
            int sent = 0;
            while (sent < 50_000 && System.nanoTime() < deadline) {
                flooder.send(packet);
                sent++;
            }
            // The kernel drops what overflows the socket's buffer, maybe our question too: ask as the book does, with backoff.
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            Reply reply = client.request("still there?".getBytes(StandardCharsets.US_ASCII),
                    new org.udpkit.client.BackoffPolicy(0.1, 2, 6.4), wait -> asked.incrementAndGet());
            assertThat(reply.text()).isEqualTo("Your data was 12 bytes long");
            // At least the question that was answered; at most every datagram this test sent, each try of the question included.
            ServerCounts counts = Await.until(server::counts, c -> c.get(ServerCounter.RECEIVED) > 0);
            assertThat(counts.get(ServerCounter.RECEIVED)).isPositive().isLessThanOrEqualTo((long) sent + asked.get());
            assertThat(counts.get(ServerCounter.HANDLER_FAILURES) + counts.get(ServerCounter.RECEIVE_FAILURES)).isZero();
        }
    }

    @Test
    void aServerServesOnceNotTwice() throws IOException {
        try (UdpServer server = UdpServer.open(ANY_LOOPBACK_PORT, new LengthProtocol()).start()) {
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already serving");
            assertThatThrownBy(server::run).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void answersAnyClientNotJustOne() throws IOException {
        try (UdpServer server = UdpServer.open(ANY_LOOPBACK_PORT, new LengthProtocol()).start();
             DatagramSocket a = new DatagramSocket(ANY_LOOPBACK_PORT);
             DatagramSocket b = new DatagramSocket(ANY_LOOPBACK_PORT)) {
            for (DatagramSocket s : List.of(a, b)) {
                s.setSoTimeout(5000);
                s.send(new DatagramPacket(new byte[3], 3, server.localAddress()));
                DatagramPacket in = new DatagramPacket(new byte[100], 100);
                s.receive(in);
                assertThat(new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII)).isEqualTo("Your data was 3 bytes long");
            }
        }
    }
}
