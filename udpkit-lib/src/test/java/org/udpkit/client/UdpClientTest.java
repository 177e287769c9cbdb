package org.udpkit.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.book.LossyHandler;
import org.udpkit.server.Counts;
import org.udpkit.server.ServerCounter;
import org.udpkit.server.ServerCounts;
import org.udpkit.server.ServerOptions;
import org.udpkit.server.UdpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class UdpClientTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A server that receives but never answers: the book's paused server, or one behind a lossy link. */
    private static DatagramSocket silentServer() throws IOException {
        return new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    }

    private static void forge(InetSocketAddress victim, String text) throws IOException {
        try (DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            byte[] data = text.getBytes(StandardCharsets.US_ASCII);
            attacker.send(new DatagramPacket(data, data.length, new InetSocketAddress(LOOPBACK, victim.getPort())));
        }
    }

    @Test
    void aConnectedClientNeverSeesAReplyFromAnotherAddress() throws IOException {
        try (DatagramSocket server = silentServer();
             UdpClient client = UdpClient.connected((InetSocketAddress) server.getLocalSocketAddress())) {
            client.send("question".getBytes());
            forge(client.localAddress(), "FAKE");
            // The real server answers after the forgery was sent, and loopback keeps order: had the kernel let
            // "FAKE" through, it would be the first thing to arrive. The real answer coming first shows it did not,
            // without waiting for a silence.
            server.setSoTimeout(5000);
            DatagramPacket request = new DatagramPacket(new byte[100], 100);
            server.receive(request);
            server.send(new DatagramPacket("real".getBytes(), 4, request.getSocketAddress()));
            assertThat(client.receive(Duration.ofSeconds(5)).orElseThrow().text()).isEqualTo("real");
        }
    }

    @Test
    void anUnconnectedClientAcceptsAForgedReplyAndCanSeeWhereItCameFrom() throws IOException {
        try (DatagramSocket server = silentServer();
             UdpClient client = UdpClient.unconnected((InetSocketAddress) server.getLocalSocketAddress())) {
            assertThat(client.isConnected()).isFalse();
            client.send("question".getBytes());
            forge(client.localAddress(), "FAKE");
            Reply reply = client.receive(Duration.ofSeconds(5)).orElseThrow();
            assertThat(reply.text()).isEqualTo("FAKE");
            assertThat(reply.from()).isNotEqualTo(server.getLocalSocketAddress());
        }
    }

    @Test
    void retransmitsWithBackoffUntilALossyServerAnswers() throws IOException, InterruptedException {
        // Seed 7 drops the first two requests and answers the third.
        try (UdpServer server = UdpServer.openPerWorker(new InetSocketAddress(LOOPBACK, 0),
                counters -> new LossyHandler(new LengthProtocol(), 0.5, 7, line -> { }, counters),
                ServerOptions.defaults()).start();
             UdpClient client = UdpClient.connected(server.localAddress())) {
            List<Double> waits = new ArrayList<>();
            // Waits long enough that only the seeded drops, never a slow machine, decide how many tries it takes.
            Reply reply = client.request("This is another message".getBytes(), new BackoffPolicy(0.25, 2, 8), waits::add);
            assertThat(reply.text()).isEqualTo("Your data was 23 bytes long");
            assertThat(waits).containsExactly(0.25, 0.5, 1.0);
            // The worker publishes its counts after the replies of a batch: wait for the answer to be counted.
            ServerCounts counts = Counts.awaitCount(server::counts, ServerCounter.REPLIED, 1);
            assertThat(counts.get(ServerCounter.DROPPED)).isEqualTo(2);
            assertThat(counts.get(ServerCounter.RECEIVED)).isEqualTo(3);
        }
    }

    @Test
    void saysTheServerIsDownAfterTheLastWait() throws IOException {
        try (DatagramSocket server = silentServer();
             UdpClient client = UdpClient.connected((InetSocketAddress) server.getLocalSocketAddress())) {
            List<Double> waits = new ArrayList<>();
            assertThatThrownBy(() -> client.request("x".getBytes(), new BackoffPolicy(0.02, 2, 0.1), waits::add))
                    .isInstanceOf(ServerDownException.class)
                    .hasMessage("no reply from " + org.udpkit.net.Endpoints.format((InetSocketAddress) server.getLocalSocketAddress())
                            + " within 3 tries");
            assertThat(waits).containsExactly(0.02, 0.04, 0.08);
            int received = 0;
            server.setSoTimeout(1000);
            for (int i = 0; i < 3; i++) {
                server.receive(new DatagramPacket(new byte[10], 10));
                received++;
            }
            assertThat(received).as("one transmission per wait").isEqualTo(3);
        }
    }

    @Test
    void aConnectedClientHearsThatNothingListens() throws IOException {
        InetSocketAddress closed;
        try (DatagramSocket probe = silentServer()) {
            closed = (InetSocketAddress) probe.getLocalSocketAddress();
        }
        try (UdpClient client = UdpClient.connected(closed)) {
            List<Double> waits = new ArrayList<>();
            assertThatThrownBy(() -> client.request("x".getBytes(), new BackoffPolicy(0.02, 2, 0.08), waits::add))
                    .isInstanceOf(ServerDownException.class)
                    .hasMessage("nothing is listening at 127.0.0.1:" + closed.getPort()
                            + " (the port is unreachable)");
            assertThat(waits).as("it still backs off, in case a server starts").isNotEmpty();
        }
    }

    @Test
    void refusesToPretendItSentAnEmptyDatagramWhenConnected() throws IOException {
        try (DatagramSocket server = silentServer();
             UdpClient client = UdpClient.connected((InetSocketAddress) server.getLocalSocketAddress())) {
            assertThatThrownBy(() -> client.send(new byte[0])).hasMessageContaining("cannot send an empty datagram");
        }
    }

    @Test
    void opensASocketOfTheServersFamily() throws IOException {
        try (UdpClient v4 = UdpClient.unconnected(new InetSocketAddress(LOOPBACK, 9));
             UdpClient v6 = UdpClient.unconnected(new InetSocketAddress(InetAddress.getByName("::1"), 9))) {
            assertThat(v4.localAddress().getAddress().getAddress()).hasSize(4);
            assertThat(v6.localAddress().getAddress().getAddress()).hasSize(16);
            // Nothing is ever sent to this socket, so the outcome does not depend on how long it waits: this checks
            // that a timeout comes back as empty rather than as an exception, even the shortest one.
            Optional<Reply> none = v4.receive(Duration.ofMillis(1));
            assertThat(none).isEmpty();
        }
    }
}
