package org.udpkit.cli;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Each program run as a user runs it: servers in their own process, stopped with SIGTERM. */
@Timeout(120)
class ProgramsTest {
    private static final Duration START = Duration.ofSeconds(30);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static int port(Matcher listening) {
        return Integer.parseInt(listening.group(1));
    }

    @Test
    void localServerAnswersTheLocalClientAndReportsItsCountsWhenStopped() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("local", "server", "-p", "0")) {
            int port = port(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START));

            Cli client = Cli.run("local", "client", "-p", String.valueOf(port));
            assertThat(client.exitCode()).as(client.err()).isZero();
            assertThat(client.err()).containsPattern("Connected to 127\\.0\\.0\\.1:" + port + ": replies from any other address are ignored");
            // stdout carries the book's lines only.
            assertThat(client.out().lines()).hasSize(2);
            assertThat(client.out()).containsPattern("The OS assigned me the address 127\\.0\\.0\\.1:\\d+")
                    .containsPattern("The server 127\\.0\\.0\\.1:" + port + " replied 'Your data was 38 bytes long'");
            server.awaitLine("^The client at 127\\.0\\.0\\.1:\\d+ says 'The time is \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}'$", START);

            // What kills the book's server: empty, not ASCII, the largest datagram there is.
            try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                raw.setSoTimeout(10_000);
                for (byte[] payload : new byte[][] {new byte[0], {(byte) 0xc3, (byte) 0x28}, new byte[65507]}) {
                    raw.send(new DatagramPacket(payload, payload.length, new InetSocketAddress(LOOPBACK, port)));
                    DatagramPacket reply = new DatagramPacket(new byte[100], 100);
                    raw.receive(reply);
                    assertThat(new String(reply.getData(), 0, reply.getLength()))
                            .isEqualTo("Your data was " + payload.length + " bytes long");
                }
            }
            server.awaitLine("says '\\\\xc3\\('$", START);
            server.awaitLine("says '\\\\x00.*\\.\\.\\. \\(65307 more bytes\\)$", START);

            assertThat(server.stop(START)).isZero();
            assertThat(server.output()).contains(
                    "Received 4 datagrams (65547 bytes; 1 empty, 1 not ASCII); replied to 4, dropped 0");
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"LINUX_BATCHED", "JDK"})
    void everyLinePrintedToAPipeArrivesInOrderAndTheSummaryComesLast(String transport) throws Exception {
        int count = 3000;
        int window = 50;
        try (RunningProcess server = RunningProcess.udpkit("local", "server", "-p", "0", "--transport", transport)) {
            int port = port(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START));
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                client.setSoTimeout(10_000);
                // A window of requests at a time, so that the server receives them in batches.
                for (int sent = 0; sent < count; sent += window) {
                    for (int i = sent; i < sent + window; i++) {
                        byte[] payload = ("datagram " + i).getBytes(StandardCharsets.US_ASCII);
                        client.send(new DatagramPacket(payload, payload.length, new InetSocketAddress(LOOPBACK, port)));
                    }
                    for (int i = 0; i < window; i++) {
                        client.receive(new DatagramPacket(new byte[100], 100));
                    }
                }
            }
            // Before stopping: the output is a pipe, buffered, and still the last line arrives (the flush timer).
            server.awaitLine("says 'datagram " + (count - 1) + "'$", START);
            assertThat(server.stop(START)).isZero();
            List<String> lines = server.output().lines().toList();
            assertThat(lines.stream().filter(l -> l.startsWith("The client at ")).map(l -> l.replaceFirst(".* says ", "")))
                    .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "'datagram " + i + "'").toList());
            assertThat(lines.getLast()).startsWith("Received " + count + " datagrams (");
        }
    }

    @Test
    void severalWorkersShareThePortAndTheirCountsAddUp() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("local", "server", "-p", "0", "--workers", "2", "-v")) {
            int port = port(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START));
            server.awaitLine("^Transport: .* x 2 workers \\(SO_REUSEPORT\\)$", START);
            // The kernel spreads clients over the workers by their address and port: use many.
            for (int i = 0; i < 20; i++) {
                Cli client = Cli.run("local", "client", "-p", String.valueOf(port), "-m", "client " + i, "--timeout", "10");
                assertThat(client.out()).contains("replied 'Your data was " + ("client " + i).length() + " bytes long'");
            }
            assertThat(server.stop(START)).isZero();
            assertThat(server.output().lines().filter(l -> l.contains(" says 'client "))).hasSize(20);
            assertThat(server.output()).contains("Received 20 datagrams (", "replied to 20, dropped 0");
        }
    }

    @Test
    void localWorksOverIpv6() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("local", "server", "-6", "-p", "0", "--quiet")) {
            int port = port(server.awaitLine("^Listening at \\[::1\\]:(\\d+)$", START));
            Cli client = Cli.run("local", "client", "-6", "-p", String.valueOf(port), "-m", "hello");
            assertThat(client.out()).contains("The server [::1]:" + port + " replied 'Your data was 5 bytes long'");
            assertThat(server.stop(START)).isZero();
            assertThat(server.output()).doesNotContain("The client at").contains("Received 1 datagram (5 bytes");
        }
    }

    @Test
    void remoteServerDropsHalfAndTheClientBacksOffUntilItIsAnswered() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("remote", "server", "127.0.0.1", "-p", "0", "--seed", "7")) {
            int port = port(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START));
            server.awaitLine("^Dropping about 50% of requests \\(--seed 7 repeats this run\\)$", START);

            // From 0.25 s rather than the book's 0.1, so that a slow machine cannot add a try: only the seed decides.
            Cli client = Cli.run("remote", "client", "127.0.0.1", "-p", String.valueOf(port), "--timeout", "0.25");
            assertThat(client.exitCode()).as(client.err()).isZero();
            assertThat(client.out().lines().filter(l -> l.startsWith("Waiting up to"))).containsExactly(
                    "Waiting up to 0.25 seconds for a reply",
                    "Waiting up to 0.5 seconds for a reply",
                    "Waiting up to 1.0 seconds for a reply");
            assertThat(client.out()).containsPattern("Client socket name is 127\\.0\\.0\\.1:\\d+")
                    .contains("The server says 'Your data was 23 bytes long'");
            assertThat(server.stop(START)).isZero();
            assertThat(server.output().lines().filter(l -> l.startsWith("Pretending to drop packet from 127.0.0.1:"))).hasSize(2);
            assertThat(server.output()).contains("Received 3 datagrams (69 bytes; 0 empty, 0 not ASCII); replied to 1, dropped 2");
        }
    }

    @Test
    void remoteClientSaysTheServerIsDownAndFails() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Cli client = Cli.run("remote", "client", "127.0.0.1", "-p", String.valueOf(silent.getLocalPort()),
                    "--timeout", "0.05", "--give-up", "0.2");
            assertThat(client.exitCode()).isEqualTo(1);
            assertThat(client.out().lines().filter(l -> l.startsWith("Waiting up to"))).containsExactly(
                    "Waiting up to 0.05 seconds for a reply",
                    "Waiting up to 0.1 seconds for a reply",
                    "Waiting up to 0.2 seconds for a reply");
            // The last word on stderr is the book's (after udpkit's note that the client is connected).
            assertThat(client.err().lines().toList()).last().isEqualTo("udpkit: I think the server is down");
        }
    }

    @Test
    void aForgedReplyReachesAnUnconnectedClientWhenItIsTheBooksReply() throws Exception {
        try (DatagramSocket pausedServer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             RunningProcess client = RunningProcess.udpkit("local", "client", "--no-connect",
                     "-p", String.valueOf(pausedServer.getLocalPort()), "--timeout", "20")) {
            client.awaitLine("^Not connected: a reply from any address will be accepted$", START);
            int clientPort = port(client.awaitLine("^The OS assigned me the address 0\\.0\\.0\\.0:(\\d+)$", START));

            // Not the book's reply: ignored, and said so on stderr.
            Cli junk = Cli.run("send", "127.0.0.1", String.valueOf(clientPort), "FORGED 998");
            assertThat(junk.exitCode()).isZero();
            client.awaitLine("^Ignored a datagram from 127\\.0\\.0\\.1:\\d+ that is not the book's reply to this request "
                    + "\\(1 so far\\): 'FORGED 998'$", START);
            // The book's reply to a request of the time's 38 bytes: the unconnected client cannot tell it from the server's.
            Cli forger = Cli.run("send", "127.0.0.1", String.valueOf(clientPort), "Your data was 38 bytes long");
            assertThat(forger.exitCode()).isZero();
            Matcher sent = java.util.regex.Pattern.compile("Sent 27 bytes from port (\\d+) to 127\\.0\\.0\\.1:" + clientPort)
                    .matcher(forger.out());
            assertThat(sent.find()).as(forger.out()).isTrue();

            client.awaitLine("^The server 127\\.0\\.0\\.1:" + sent.group(1) + " replied 'Your data was 38 bytes long'$", START);
            assertThat(client.awaitExit(START)).isZero();
        }
    }

    @Test
    void remoteClientBacksOffEvenWhenThePortIsUnreachable() throws IOException {
        int closed;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            closed = probe.getLocalPort();
        }
        Cli client = Cli.run("remote", "client", "127.0.0.1", "-p", String.valueOf(closed), "--timeout", "0.05", "--give-up", "0.2");
        assertThat(client.exitCode()).isEqualTo(1);
        assertThat(client.err().lines().toList()).last().isEqualTo("udpkit: I think the server is down: nothing is listening at 127.0.0.1:"
                + closed + " (the port is unreachable)");
    }

    @Test
    void withoutNativeAccessTheNativeProgramsSaySoAndServersFallBack() throws Exception {
        // No --enable-native-access: the JVM would only warn, but udpkit takes that as "not enabled".
        List<String> java = concat(List.of(RunningProcess.javaCommand(), "-XX:TieredStopAtLevel=1"),
                RunningProcess.mainOnModulePath().toArray(String[]::new));
        try (RunningProcess big = RunningProcess.start(concat(java, "big-sender", "127.0.0.1"))) {
            assertThat(big.awaitExit(START)).isEqualTo(1);
            assertThat(big.output()).isEqualTo("Unsupported: Can only perform MTU discovery on Linux"
                    + " (native access is not enabled: run java with --enable-native-access=org.udpkit)");
        }
        try (RunningProcess bench = RunningProcess.start(concat(java, "bench", "127.0.0.1", "-d", "0.1"))) {
            assertThat(bench.awaitExit(START)).isEqualTo(1);
            assertThat(bench.output()).contains("native access is not enabled").doesNotContain("Exception");
        }
        try (RunningProcess server = RunningProcess.start(concat(java, "local", "server", "-p", "0", "-v"))) {
            server.awaitLine("^Transport: jdk-channel$", START);
            assertThat(server.stop(START)).isZero();
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    @Test
    void bigSenderLearnsTheLoopbackMtu() throws IOException {
        try (DatagramSocket sink = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Cli big = Cli.run("big-sender", "127.0.0.1", "-p", String.valueOf(sink.getLocalPort()));
            assertThat(big.exitCode()).isZero();
            assertThat(big.out()).isEqualTo(String.join(System.lineSeparator(),
                    "Alas, the datagram did not make it", "Actual MTU: 65535", ""));
            Cli small = Cli.run("big-sender", "127.0.0.1", "-p", String.valueOf(sink.getLocalPort()), "--size", "1400");
            assertThat(small.out()).isEqualTo("The big datagram was sent!" + System.lineSeparator());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "JDK"})
    void aBroadcastIsHeardByTheBroadcastServer(String transport) throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("broadcast", "server", "127.255.255.255", "-p", "0",
                "--transport", transport)) {
            int port = port(server.awaitLine("^Listening for datagrams at 127\\.255\\.255\\.255:(\\d+)$", START));
            Cli client = Cli.run("broadcast", "client", "127.255.255.255", "-p", String.valueOf(port));
            assertThat(client.exitCode()).as(client.err()).isZero();
            assertThat(client.err()).contains("Sent 'Broadcast datagram!' to 127.255.255.255:" + port);
            server.awaitLine("^The client at 127\\.0\\.0\\.1:\\d+ says: 'Broadcast datagram!'$", START);
            assertThat(server.stop(START)).isZero();
            assertThat(server.output()).contains("replied to 0");
        }
    }

    @Test
    void theTourRunsEverySectionAndSucceeds() {
        Cli tour = Cli.run("tour");
        assertThat(tour.exitCode()).as(tour.err()).isZero();
        assertThat(tour.out())
                .contains("getservbyname('domain', 'udp') = 53", "1060 is a registered port, 1024-49151")
                .contains("The server 127.0.0.1:", "replied 'Your data was 38 bytes long'")
                .contains("this machine: lo ", "127.0.0.1/8")
                .containsPattern("setsockopt/getsockopt: SO_RCVBUF = \\d+ \\(asked 100000; Linux ")
                .contains("replied 'FAKE'   <- accepted from an address that is not the server's!")
                .contains("connected client: never saw 'FAKE': the kernel dropped the forged reply")
                .contains("Pretending to drop packet from", "Waiting up to 0.4 seconds for a reply", "I think the server is down")
                .contains("I think the server is down: nothing is listening at 127.0.0.1:", "(the port is unreachable)")
                .contains("discards a reply from", "whose ID is not ours")
                .contains("Alas, the datagram did not make it", "Actual MTU: 65535")
                .contains("One datagram, 2 listeners heard it.")
                .contains("That was the chapter.");
    }

    @Test
    void aServerAskedForIntervalsPrintsThemOnStderrAndItsCountsLast() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("local", "server", "-p", "0", "-q", "--interval", "0.1")) {
            int port = port(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START));
            Cli client = Cli.run("local", "client", "-p", String.valueOf(port));
            assertThat(client.exitCode()).as(client.err()).isZero();
            // The period in which the request arrived says so: one received, one replied.
            server.awaitLine("^ +\\d+\\.\\d\\d-\\d+\\.\\d\\d +s  received +1 datagrams +[\\d,]+ datagrams/s  replied 1  dropped 0$", START);
            assertThat(server.stop(START)).isZero();
            assertThat(server.output().lines().toList()).last().asString()
                    .startsWith("Received 1 datagram (38 bytes; 0 empty, 0 not ASCII); replied to 1, dropped 0");
        }
        Cli wrong = Cli.run("local", "server", "-p", "0", "--interval", "NaN");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrong.err()).contains("'--interval'", "'NaN' is neither 0 nor between 0.001 and 86400 seconds");
    }
}
