package org.udpkit.cli;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** Peers we did not write (the book's Python programs, socat) speak the same protocol as ours. */
@Timeout(120)
class InteroperabilityTest {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void ourClientTalksToTheBooksPythonServer() throws Exception {
        try (RunningProcess server = RunningProcess.python("local-server", "127.0.0.1", 0)) {
            int port = Integer.parseInt(server.awaitLine("^Listening at \\('127\\.0\\.0\\.1', (\\d+)\\)$", START).group(1));
            Cli client = Cli.run("local", "client", "-p", String.valueOf(port), "-m", "from Java");
            assertThat(client.exitCode()).as(client.err()).isZero();
            assertThat(client.out()).contains("The server 127.0.0.1:" + port + " replied 'Your data was 9 bytes long'");
            server.awaitLine("^The client at \\('127\\.0\\.0\\.1', \\d+\\) says 'from Java'$", START);
        }
    }

    @Test
    void theBooksPythonClientTalksToOurServer() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("local", "server", "-p", "0")) {
            int port = Integer.parseInt(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START).group(1));
            try (RunningProcess client = RunningProcess.python("local-client", "127.0.0.1", port)) {
                client.awaitLine("^The server \\('127\\.0\\.0\\.1', " + port + "\\) replied 'Your data was 38 bytes long'$", START);
                assertThat(client.awaitExit(START)).isZero();
            }
            server.awaitLine("^The client at 127\\.0\\.0\\.1:\\d+ says 'The time is ", START);
            assertThat(server.stop(START)).isZero();
        }
    }

    @Test
    void theBooksPythonRetransmittingClientGetsThroughOurLossyServer() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("remote", "server", "127.0.0.1", "-p", "0", "--seed", "7")) {
            int port = Integer.parseInt(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START).group(1));
            try (RunningProcess client = RunningProcess.python("remote-client", "127.0.0.1", port)) {
                client.awaitLine("^The server says 'Your data was 23 bytes long'$", START);
                assertThat(client.awaitExit(START)).isZero();
                assertThat(client.output()).contains("Waiting up to 0.1 seconds for a reply",
                        "Waiting up to 0.2 seconds for a reply", "Waiting up to 0.4 seconds for a reply");
            }
            assertThat(server.stop(START)).isZero();
            // The book's client starts at 0.1 s; on a slow machine a late reply can cost one more try, and one more drop.
            assertThat(server.output()).containsPattern("dropped [23]\\b");
        }
    }

    @Test
    void socatTalksToOurServer() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("local", "server", "-p", "0")) {
            int port = Integer.parseInt(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START).group(1));
            // socat sends stdin as one datagram and prints the reply; -T1 ends it a second after.
            try (RunningProcess socat = RunningProcess.start(List.of("bash", "-c",
                    "printf 'hello from socat' | socat -T1 - UDP4:127.0.0.1:" + port))) {
                socat.awaitLine("Your data was 16 bytes long", START);
                assertThat(socat.awaitExit(START)).isZero();
            }
            server.awaitLine("^The client at 127\\.0\\.0\\.1:\\d+ says 'hello from socat'$", START);
            assertThat(server.stop(START)).isZero();
        }
    }
}
