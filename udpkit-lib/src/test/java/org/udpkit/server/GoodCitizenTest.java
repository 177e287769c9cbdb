package org.udpkit.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.udpkit.Requirements;
import org.udpkit.linux.Linux;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.testing.Forger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A udpkit server is a good citizen on both transports, on real loopback sockets: it sends an unproven
 * source at most three times its bytes, and it cannot be made to talk for ever to another udpkit server or
 * to an echo service (socat) by a forged datagram (python3 with a raw socket: we are root; IPv4 and IPv6), nor to itself,
 * nor to port 0 or the reflecting services' ports. Every refusal is counted, and the counts are checked
 * to the datagram.
 */
@Timeout(60)
class GoodCitizenTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** How long a loop would need to show itself: many round trips on loopback. */
    private static final long QUIET_MILLIS = 300;

    private static ServerOptions on(TransportKind transport) {
        if (transport == TransportKind.LINUX_BATCHED) {
            Requirements.require(Linux.isAvailable(), "the batched transport: " + Linux.whyUnavailable().orElse(""));
        }
        return ServerOptions.defaults().withTransport(transport);
    }

    private static UdpServer start(ServerOptions options) throws IOException {
        return start(options, LOOPBACK);
    }

    private static UdpServer start(ServerOptions options, InetAddress loopback) throws IOException {
        return UdpServer.open(new InetSocketAddress(loopback, 0), new LengthProtocol(), options).start();
    }

    @ParameterizedTest
    @EnumSource(names = {"LINUX_BATCHED", "JDK"})
    void aFloodOfEmptyAndOneByteDatagramsGetsBackAtMostThreeTimesItsBytes(TransportKind transport) throws Exception {
        ServerOptions options = on(transport).withLimits(ReplyLimits.defaults().withAmplification(LimitMode.ON)
                .withBudget(LimitMode.OFF));
        int datagrams = 2000;
        try (UdpServer server = start(options);
             DatagramChannel client = DatagramChannel.open()) {
            client.bind(new InetSocketAddress(LOOPBACK, 0));
            client.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            long sentBytes = 0;
            for (int i = 0; i < datagrams; i++) {
                int size = i % 2;
                client.send(ByteBuffer.allocate(size), server.localAddress());
                sentBytes += size;
                if (i % 200 == 199) {
                    // Bounded: wait for the server to catch up rather than overflow its buffer.
                    Counts.awaitCount(server::counts, ServerCounter.RECEIVED, i + 1);
                }
            }
            ServerCounts counts = Counts.awaitCount(server::counts, ServerCounter.RECEIVED, datagrams);
            // The same rule, datagram by datagram: a 26-byte reply goes when it keeps the total within 3x.
            long allowedReplies = expectedReplies(datagrams);
            counts = Counts.awaitCount(server::counts, ServerCounter.REPLIED, allowedReplies);
            assertThat(counts.get(ServerCounter.WITHHELD_AMPLIFICATION)).isEqualTo(datagrams - allowedReplies);
            long replyBytes = 0;
            long replies = 0;
            client.configureBlocking(false);
            ByteBuffer in = ByteBuffer.allocate(100);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (replies < allowedReplies && System.nanoTime() < deadline) {
                in.clear();
                if (client.receive(in) != null) {
                    replies++;
                    replyBytes += in.position();
                } else {
                    Thread.sleep(1);
                }
            }
            Thread.sleep(50);
            in.clear();
            assertThat(client.receive(in)).as("no reply beyond the counted ones").isNull();
            assertThat(replies).isEqualTo(allowedReplies);
            System.out.printf("amplification (%s): sent %d datagrams, %d bytes; got back %d replies, %d bytes:"
                    + " a ratio of %.3f (limit %d)%n", transport.label(), datagrams, sentBytes, replies, replyBytes,
                    (double) replyBytes / sentBytes, ReplyLimits.AMPLIFICATION_FACTOR);
            assertThat(replyBytes).isLessThanOrEqualTo(ReplyLimits.AMPLIFICATION_FACTOR * sentBytes);
            assertThat(server.counts().get(ServerCounter.REPLIED)).isEqualTo(replies);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"LINUX_BATCHED", "JDK"})
    void oneAddressGetsOneBudgetWhateverWorkerTheKernelHandsItTo(TransportKind transport) throws Exception {
        int perSource = 10;
        ServerOptions options = on(transport).withWorkers(2).withLimits(ReplyLimits.defaults()
                .withAmplification(LimitMode.OFF).withBudget(LimitMode.ON).withPerSource(perSource)
                .withPerPrefix(ReplyLimits.MAX_RATE));
        int sockets = 40;
        int perSocket = 5;
        List<DatagramChannel> clients = new ArrayList<>();
        try (UdpServer server = start(options)) {
            long started = System.nanoTime();
            for (int i = 0; i < sockets; i++) {
                // Each from a port of its own: SO_REUSEPORT spreads them over both workers.
                DatagramChannel client = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
                clients.add(client);
                for (int j = 0; j < perSocket; j++) {
                    client.send(ByteBuffer.allocate(8), server.localAddress());
                }
            }
            // Every request answered or withheld: replies are counted once sent, after the batch's requests.
            ServerCounts counts = Await.until(server::counts, c -> c.get(ServerCounter.REPLIED)
                    + c.get(ServerCounter.WITHHELD_SOURCE_BUDGET) >= sockets * perSocket);
            double seconds = (System.nanoTime() - started) / 1e9;
            List<ServerCounts> byWorker = server.countsByWorker();
            System.out.printf("budget across workers (%s): %d requests from %d ports in %.3f s, %d and %d to each"
                    + " worker; %d replied, %d withheld (budget %d a second)%n", transport.label(),
                    sockets * perSocket, sockets, seconds, byWorker.get(0).get(ServerCounter.RECEIVED),
                    byWorker.get(1).get(ServerCounter.RECEIVED), counts.get(ServerCounter.REPLIED),
                    counts.get(ServerCounter.WITHHELD_SOURCE_BUDGET), perSource);
            // Beyond a second, refills alone could make up a second budget: too slow to tell one from two.
            assertThat(seconds).as("requests sent and handled within").isLessThan(0.9);
            assertThat(byWorker).as("the kernel gave both workers requests").allSatisfy(
                    c -> assertThat(c.get(ServerCounter.RECEIVED)).isPositive());
            // A full bucket, and what refilled while the requests came: not one bucket per worker.
            assertThat(counts.get(ServerCounter.REPLIED)).isBetween((long) perSource,
                    perSource + (long) Math.ceil(seconds * perSource));
            assertThat(counts.get(ServerCounter.REPLIED) + counts.get(ServerCounter.WITHHELD_SOURCE_BUDGET))
                    .isEqualTo(sockets * perSocket);
        } finally {
            for (DatagramChannel client : clients) {
                client.close();
            }
        }
    }

    private static long expectedReplies(int datagrams) {
        long received = 0;
        long sent = 0;
        long replies = 0;
        for (int i = 0; i < datagrams; i++) {
            int size = i % 2;
            received += size;
            int reply = LengthProtocol.replyText(size).length();
            if (sent + reply <= ReplyLimits.AMPLIFICATION_FACTOR * received) {
                sent += reply;
                replies++;
            }
        }
        return replies;
    }

    @ParameterizedTest
    @CsvSource({"LINUX_BATCHED, 127.0.0.1", "JDK, 127.0.0.1", "LINUX_BATCHED, ::1", "JDK, ::1"})
    void aDatagramForgedBetweenTwoServersGetsOneReplyNotALoop(TransportKind transport, String loopback) throws Exception {
        try (UdpServer a = start(on(transport), InetAddress.ofLiteral(loopback));
             UdpServer b = start(on(transport), InetAddress.ofLiteral(loopback))) {
            forge(a.localAddress(), b.localAddress(), "hello");
            Counts.awaitCount(b::counts, ServerCounter.REPLIED, 1);
            Counts.awaitCount(a::counts, ServerCounter.REFUSED_BOOK_REPLY, 1);
            Thread.sleep(QUIET_MILLIS);
            assertThat(b.counts().get(ServerCounter.RECEIVED)).isEqualTo(1);
            assertThat(b.counts().get(ServerCounter.REPLIED)).isEqualTo(1);
            assertThat(a.counts().get(ServerCounter.RECEIVED)).isEqualTo(1);
            assertThat(a.counts().get(ServerCounter.REPLIED)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"LINUX_BATCHED", "JDK"})
    void aDatagramForgedFromAnEchoServiceGetsOneReplyNotALoop(TransportKind transport) throws Exception {
        int echoPort;
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress(LOOPBACK, 0));
            echoPort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        // socat echoes every datagram back to its sender, from its own port: a peer we did not write.
        Process echo = new ProcessBuilder("socat", "UDP4-RECVFROM:" + echoPort + ",bind=127.0.0.1,fork", "EXEC:cat")
                .redirectErrorStream(true).start();
        try (UdpServer server = start(on(transport));
             DatagramChannel check = DatagramChannel.open()) {
            InetSocketAddress echoAddress = new InetSocketAddress(LOOPBACK, echoPort);
            awaitEcho(check, echoAddress);
            forge(echoAddress, server.localAddress(), "hello");
            Counts.awaitCount(server::counts, ServerCounter.REFUSED_BOOK_REPLY, 1);
            Thread.sleep(QUIET_MILLIS);
            ServerCounts counts = server.counts();
            assertThat(counts.get(ServerCounter.RECEIVED)).as("the forgery and the echo of our reply").isEqualTo(2);
            assertThat(counts.get(ServerCounter.REPLIED)).isEqualTo(1);
        } finally {
            echo.destroy();
            if (!echo.waitFor(5, TimeUnit.SECONDS)) {
                echo.destroyForcibly();
            }
        }
    }

    /** Waits until socat answers, so the forgery does not arrive before it listens. */
    private static void awaitEcho(DatagramChannel check, InetSocketAddress echo) throws Exception {
        check.bind(new InetSocketAddress(LOOPBACK, 0));
        check.configureBlocking(false);
        ByteBuffer in = ByteBuffer.allocate(16);
        long deadline = System.nanoTime() + Await.PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            check.send(ByteBuffer.wrap(new byte[] {'x'}), echo);
            Thread.sleep(20);
            if (check.receive(in) != null) {
                return;
            }
        }
        throw new AssertionError("socat did not echo at " + echo);
    }

    @ParameterizedTest
    @CsvSource({"LINUX_BATCHED, 127.0.0.1", "JDK, 127.0.0.1", "LINUX_BATCHED, ::1", "JDK, ::1"})
    void forgeriesFromOurOwnAddressPortZeroAndReflectorPortsAreCountedAndNotAnswered(TransportKind transport,
                                                                                     String loopback) throws Exception {
        InetAddress address = InetAddress.ofLiteral(loopback);
        try (UdpServer server = start(on(transport), address)) {
            InetSocketAddress self = server.localAddress();
            forge(self, self, "me");
            forge(new InetSocketAddress(address, 0), self, "zero");
            forge(new InetSocketAddress(address, 7), self, "echo");
            forge(new InetSocketAddress(address, 19), self, "chargen");
            forge(new InetSocketAddress(address, 37), self, "time");
            Counts.awaitCount(server::counts, ServerCounter.RECEIVED, 5);
            ServerCounts counts = server.counts();
            assertThat(counts.get(ServerCounter.REFUSED_OWN_ADDRESS)).isEqualTo(1);
            assertThat(counts.get(ServerCounter.REFUSED_PORT_ZERO)).isEqualTo(1);
            assertThat(counts.get(ServerCounter.REFUSED_REFLECTOR_PORT)).isEqualTo(3);
            assertThat(counts.get(ServerCounter.REPLIED)).isZero();
            assertThat(counts.summary()).endsWith("; not answered: 1 from our own address, 1 from port 0,"
                    + " 3 from a reflecting service's port");
        }
        ServerOptions answering = on(transport).withLimits(ReplyLimits.defaults()
                .withReflectorPorts(ReflectorPorts.ANSWERED));
        try (UdpServer server = start(answering, address)) {
            forge(new InetSocketAddress(address, 19), server.localAddress(), "chargen");
            Counts.awaitCount(server::counts, ServerCounter.REPLIED, 1);
        }
    }

    /** Sends {@code text} to {@code to} as if from {@code from}, through python3's raw socket. */
    static void forge(InetSocketAddress from, InetSocketAddress to, String text) throws Exception {
        Forger.spoofed(List.of(text.getBytes(StandardCharsets.US_ASCII)), from, to);
    }
}
