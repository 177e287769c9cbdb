package org.udpkit.cli;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpkit.client.Reply;
import org.udpkit.client.UdpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server stopped with SIGTERM prints its counts within a second, whatever its output and its workers,
 * and counts every datagram the same way whatever it prints.
 */
@Timeout(180)
class ServerStopTest {
    private static final Duration START = Duration.ofSeconds(60);
    /** What the issue asks of a stopping server: its counts within a second of SIGTERM. */
    private static final Duration STOP = Duration.ofSeconds(1);
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static int port(Matcher listening) {
        return Integer.parseInt(listening.group(1));
    }

    @Test
    void aServerWhoseStdoutNobodyReadsGoesOnAnsweringAndStillPrintsItsCounts() throws Exception {
        int requests = 5_000;
        // The listening line goes to the unread stdout, so the test chooses the port: one the kernel just gave out.
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            port = probe.getLocalPort();
        }
        try (RunningProcess server = RunningProcess.udpkitWithStdoutUnread("local", "server", "-p", String.valueOf(port), "-v")) {
            server.awaitLine("^Transport: ", START);
            try (UdpClient client = UdpClient.connected(new InetSocketAddress(LOOPBACK, port))) {
                // Each request makes a line of about 70 bytes: the 64 KiB pipe is full after about a thousand.
                for (int i = 0; i < requests; i++) {
                    byte[] request = ("request " + i).getBytes(StandardCharsets.US_ASCII);
                    client.send(request);
                    Optional<Reply> reply = client.receive(REPLY_WAIT);
                    assertThat(reply).as("reply to request %d", i).isPresent();
                    assertThat(reply.get().text()).isEqualTo("Your data was " + request.length + " bytes long");
                }
            }
            assertThat(server.stop(STOP)).isZero();
            assertThat(server.output())
                    .containsPattern("Received 5000 datagrams \\(\\d+ bytes; 0 empty, 0 not ASCII\\); replied to 5000, dropped 0")
                    .containsPattern("udpkit: [\\d,]+ lines were not printed: standard output ");
        }
    }

    @Test
    void aThousandWorkersStopWithinASecondWithTheirCounts() throws Exception {
        int workers = CountConverter.MOST_WORKERS;
        try (RunningProcess server = RunningProcess.udpkit("local", "server", "-p", "0", "-q", "--workers", String.valueOf(workers), "-v")) {
            int port = port(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START));
            server.awaitLine("^Transport: .* x " + workers + " workers \\(SO_REUSEPORT\\)$", START);
            Cli client = Cli.run("local", "client", "-p", String.valueOf(port), "--timeout", "10");
            assertThat(client.exitCode()).as(client.err()).isZero();
            assertThat(server.stop(STOP)).isZero();
            assertThat(server.output()).contains("Received 1 datagram (38 bytes; 0 empty, 0 not ASCII); replied to 1, dropped 0");
        }
    }

    @Test
    void notAsciiIsCountedTheSameQuietOrNotAndWhenTheRemoteServerDrops() throws Exception {
        List<String> summaries = new ArrayList<>();
        for (List<String> args : List.of(List.of("local", "server"), List.of("local", "server", "-q"),
                List.of("remote", "server", "127.0.0.1", "--seed", "1"), List.of("remote", "server", "127.0.0.1", "--seed", "1", "-q"),
                List.of("local", "server", "--json"))) {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("-p", "0", "-v"));
            try (RunningProcess server = RunningProcess.udpkit(all.toArray(String[]::new))) {
                int port = port(server.awaitLine("Listening at 127\\.0\\.0\\.1:(\\d+)$", START));
                try (UdpClient client = UdpClient.connected(new InetSocketAddress(LOOPBACK, port))) {
                    for (int i = 0; i < 10; i++) {
                        client.send(new byte[] {'n', 'o', 't', (byte) (0x80 + i)});
                        client.send("ascii".getBytes(StandardCharsets.US_ASCII));
                    }
                    // One worker answers in order: an answer to the last request means every datagram before it was seen.
                    byte[] last = "the last one".getBytes(StandardCharsets.US_ASCII);
                    boolean answered = false;
                    for (int tries = 0; tries < 100 && !answered; tries++) {
                        client.send(last);
                        answered = client.receive(Duration.ofMillis(200))
                                .filter(reply -> reply.text().equals("Your data was " + last.length + " bytes long")).isPresent();
                    }
                    assertThat(answered).as("an answer to the last request").isTrue();
                }
                assertThat(server.stop(START)).isZero();
                String output = server.output();
                if (args.contains("--json")) {
                    assertThat(output).contains("\"not_ascii\":10");
                } else {
                    assertThat(output).containsPattern("Received \\d+ datagrams \\(\\d+ bytes; 0 empty, 10 not ASCII\\)");
                }
                summaries.add(output);
            }
        }
        assertThat(summaries.get(2)).as("the remote server dropped some").doesNotContain("dropped 0");
    }
}
