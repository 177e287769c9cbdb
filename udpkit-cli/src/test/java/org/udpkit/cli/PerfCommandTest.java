package org.udpkit.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code udpkit perf}: a server in its own process, the client in this JVM, and the numbers a user may type. */
class PerfCommandTest {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void aClientAndServerOnLoopbackAgreeOnEveryDatagramAndBothPrintTheResults() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("perf", "server", "127.0.0.1", "-p", "0")) {
            Matcher listening = server.awaitLine("^udpkit perf server listening at 127\\.0\\.0\\.1:(\\d+)$", START);
            String port = listening.group(1);

            Cli text = Cli.run("perf", "client", "127.0.0.1", "-p", port, "--size", "100", "--rate", "5000",
                    "--duration", "0.5", "--interval", "0.25");
            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out()).containsPattern("(?m)^Sending to 127\\.0\\.0\\.1:" + port + ": 100-byte datagrams at 5,000 datagrams/s for 0\\.500 s");
            assertThat(text.out()).containsPattern("(?m)^ +0\\.00-0\\.25 +s  sent +\\d[\\d,]* datagrams");
            assertThat(text.out()).containsPattern("(?m)^receiver: received ([\\d,]+) of \\1 datagrams");
            assertThat(text.out()).containsPattern("(?m)^ +lost 0 \\(0\\.000%\\)  duplicates 0  reordered 0");
            server.awaitLine("^Test from 127\\.0\\.0\\.1:\\d+: 100-byte datagrams at 5,000 datagrams/s", START);
            server.awaitLine("^receiver: received ([\\d,]+) of \\1 datagrams", START);

            Cli json = Cli.run("perf", "client", "127.0.0.1", "-p", port, "--size", "64", "--rate", "4000",
                    "--duration", "0.5", "--json");
            assertThat(json.exitCode()).as(json.err()).isZero();
            assertThat(json.out().lines()).as("one document on one line").hasSize(1);
            JsonNode report = new ObjectMapper().readTree(json.out());
            long sent = report.get("sender").get("sent").asLong();
            assertThat(sent).isBetween(1_900L, 2_100L);
            JsonNode receiver = report.get("receiver");
            assertThat(receiver.get("received").asLong()).isEqualTo(sent);
            assertThat(receiver.get("lost").asLong()).isZero();
            assertThat(receiver.get("duplicates").asLong()).isZero();
            assertThat(report.get("rate").asDouble()).isEqualTo(4000.0);
            assertThat(report.get("size").asInt()).isEqualTo(64);
        }
    }

    @Test
    void reversedTheServerSendsTheClientCountsAndBothSayWhatHappened() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("perf", "server", "127.0.0.1", "-p", "0")) {
            String port = server.awaitLine("^udpkit perf server listening at 127\\.0\\.0\\.1:(\\d+)$", START).group(1);

            Cli text = Cli.run("perf", "client", "127.0.0.1", "-p", port, "-R", "--size", "200", "--rate", "5000",
                    "--duration", "0.5", "--interval", "0.25");
            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out()).containsPattern("(?m)^Receiving from 127\\.0\\.0\\.1:" + port + ": 200-byte datagrams");
            assertThat(text.out()).containsPattern("(?m)^ +0\\.00-0\\.25 +s  received +\\d[\\d,]* datagrams");
            assertThat(text.out()).containsPattern("(?m)^receiver: received ([\\d,]+) of \\1 datagrams");
            server.awaitLine("^Reverse test to 127\\.0\\.0\\.1:\\d+: 200-byte datagrams at 5,000 datagrams/s", START);
            server.awaitLine("^sender: +sent [\\d,]+ datagrams", START);

            Cli json = Cli.run("perf", "client", "127.0.0.1", "-p", port, "--reverse", "--size", "64", "--rate",
                    "4000", "--duration", "0.5", "--json");
            assertThat(json.exitCode()).as(json.err()).isZero();
            JsonNode report = new ObjectMapper().readTree(json.out());
            long sent = report.get("sender").get("sent").asLong();
            assertThat(sent).isBetween(1_900L, 2_100L);
            assertThat(report.get("receiver").get("received").asLong()).isEqualTo(sent);
            assertThat(report.get("source").asText()).isEqualTo("127.0.0.1:" + port);
        }
    }

    @Test
    void withoutNativeAccessTheServerFallsBackToTheJdkChannelAndCountsAsExactly() throws Exception {
        // No --enable-native-access: udpkit takes that as "not enabled" and uses the JDK's channel.
        List<String> java = new ArrayList<>(List.of(RunningProcess.javaCommand(), "-XX:TieredStopAtLevel=1"));
        java.addAll(RunningProcess.mainOnModulePath());
        java.addAll(List.of("perf", "server", "127.0.0.1", "-p", "0"));
        try (RunningProcess server = RunningProcess.start(java)) {
            String port = server.awaitLine("^udpkit perf server listening at 127\\.0\\.0\\.1:(\\d+)$", START).group(1);

            Cli cli = Cli.run("perf", "client", "127.0.0.1", "-p", port, "--transport", "jdk", "--size", "500",
                    "--rate", "4000", "--duration", "0.5", "--json");
            assertThat(cli.exitCode()).as(cli.err()).isZero();
            JsonNode report = new ObjectMapper().readTree(cli.out());
            long sent = report.get("sender").get("sent").asLong();
            assertThat(sent).isBetween(1_900L, 2_100L);
            assertThat(report.get("receiver").get("received").asLong()).isEqualTo(sent);
            assertThat(report.get("receiver").get("lost").asLong()).isZero();
            server.awaitLine("^receiver: received ([\\d,]+) of \\1 datagrams", START);
        }
    }

    @Test
    void reverseAndGsoTogetherAreAUsageError() {
        Cli cli = Cli.run("perf", "client", "127.0.0.1", "-p", "9", "--reverse", "--gso");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).startsWith("udpkit: --gso sends from this client");
    }

    @Test
    void aClientWithNoServerSaysTheServerIsDownAndFails() {
        // Port 9 (discard) on loopback: nobody listens in a test machine, so START goes unanswered.
        Cli cli = Cli.run("perf", "client", "127.0.0.1", "-p", "9", "--rate", "10", "--duration", "0.1");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.err().lines().filter(line -> line.startsWith("udpkit: ")).count()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--rate, NaN", "--rate, Infinity", "--rate, 0", "--rate, -5", "--rate, 1e12", "--rate, fast",
            "--duration, NaN", "--duration, Infinity", "--duration, 0", "--duration, -1", "--duration, 1e9",
            "--interval, NaN", "--interval, -1", "--interval, 1e9",
            "--size, 0", "--size, 31", "--size, 65508", "--size, 99999999999",
    })
    void anImpossibleNumberIsAUsageErrorInOneSentence(String option, String value) {
        Cli cli = Cli.run("perf", "client", "127.0.0.1", "-p", "9", option, value);
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines().findFirst().orElseThrow()).startsWith("udpkit: ").doesNotContain("Exception");
        assertThat(cli.out()).isEmpty();
    }
}
