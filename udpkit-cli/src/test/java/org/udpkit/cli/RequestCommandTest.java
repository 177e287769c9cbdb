package org.udpkit.cli;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code udpkit request} against servers started with {@code --protocol ids}, in their own processes. */
@Timeout(120)
class RequestCommandTest {
    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path key(String name, int bytes) throws Exception {
        byte[] key = new byte[bytes];
        new java.util.SplittableRandom(bytes).nextBytes(key);
        return Files.write(dir.resolve(name), key);
    }

    private static int port(RunningProcess server) throws InterruptedException {
        Matcher listening = server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START);
        return Integer.parseInt(listening.group(1));
    }

    @Test
    void requestsToAKeyedServerAreAnsweredAndForgeriesCounted() throws Exception {
        Path key = key("key", 32);
        try (RunningProcess server = RunningProcess.udpkit("local", "server", "-p", "0", "--protocol", "ids",
                "--key-file", key.toString())) {
            int port = port(server);
            server.awaitLine("^Speaking the ID protocol with a key: only requests with a valid tag are answered$", START);
            Cli run = Cli.run("request", "127.0.0.1", "-p", String.valueOf(port), "hello", "world!", "-n", "10", "-c", "4",
                    "--key-file", key.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            List<String> lines = run.out().lines().toList();
            assertThat(lines).hasSize(12);
            for (int i = 0; i < 10; i++) {
                assertThat(lines).anyMatch(line -> line.matches("#\\d id [0-9a-f]{16} answered in \\d+\\.\\d{3} ms "
                        + "\\(attempt 1 of 1\\): 'Your data was [56] bytes long'"));
            }
            assertThat(lines.get(10)).startsWith("requests 10  answered 10  timed out 0  refused 0   sent 10 (0 retransmissions)"
                    + "   duplicates 0  stale 0  forged 0  not understood 0");
            assertThat(lines.get(11)).startsWith("RTT us: p50 ");
            // The server's lines are the book's, about the payload inside the ID protocol.
            server.awaitLine("^The client at 127\\.0\\.0\\.1:\\d+ says 'world!'$", START);

            // Without the key: no answer, and the server counts the bad tags.
            Cli keyless = Cli.run("request", "127.0.0.1", "-p", String.valueOf(port), "hi", "--deadline", "0.5", "-q");
            assertThat(keyless.exitCode()).isEqualTo(1);
            assertThat(keyless.out()).contains("requests 1  answered 0  timed out 1");
            assertThat(keyless.err()).contains("udpkit: 1 of 1 requests to 127.0.0.1:" + port + " were not answered");
            // The book's client gets nothing it takes either.
            Cli book = Cli.run("local", "client", "-p", String.valueOf(port), "--timeout", "0.3");
            assertThat(book.exitCode()).isEqualTo(1);

            assertThat(server.stop(START)).isZero();
            server.awaitLine("; replied to 10, dropped 0; rejected \\d+: 1 malformed, 0 wrong version, \\d+ bad tag, 0 replies ignored$", START);
        }
    }

    @Test
    void aRemoteServerOfTheIdProtocolDropsAndTheRequesterRetransmits() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("remote", "server", "127.0.0.1", "-p", "0", "--protocol", "ids",
                "--seed", "3", "-q")) {
            int port = port(server);
            Cli run = Cli.run("request", "127.0.0.1", "-p", String.valueOf(port), "x", "-n", "20", "-c", "5", "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(json.get("target").asText()).isEqualTo("127.0.0.1:" + port);
            assertThat(json.get("keyed").asBoolean()).isFalse();
            assertThat(json.get("connected").asBoolean()).isTrue();
            assertThat(json.get("requests").asLong()).isEqualTo(20);
            assertThat(json.get("answered").asLong()).isEqualTo(20);
            assertThat(json.get("retransmissions").asLong()).as("half are dropped").isPositive();
            assertThat(json.get("sent").asLong()).isEqualTo(20 + json.get("retransmissions").asLong());
            for (String field : List.of("timed_out", "refused", "duplicates", "stale", "forged", "not_understood")) {
                assertThat(json.get(field).asLong()).as(field).isZero();
            }
            assertThat(json.get("rtt_us").get("count").asLong()).isEqualTo(20);
            assertThat(json.get("rtt_us").has("p99")).isTrue();
            assertThat(json.get("outcomes")).hasSize(20);
            JsonNode first = json.get("outcomes").get(0);
            assertThat(first.get("outcome").asText()).isEqualTo("answered");
            assertThat(first.get("reply").asText()).isEqualTo("Your data was 1 bytes long");
            assertThat(first.get("id").asText()).matches("[0-9a-f]{16}");
            assertThat(server.stop(START)).isZero();
        }
    }

    @Test
    void aRequestTheServerDuplicatesIsHandledTwiceAndTheRequesterCountsADuplicateReply() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("remote", "server", "127.0.0.1", "-p", "0", "--protocol", "ids",
                "--drop", "0", "--duplicate-requests", "0.3", "--seed", "3", "-q")) {
            int port = port(server);
            server.awaitLine("^Requests: duplicating 30%$", START);
            Cli run = Cli.run("request", "127.0.0.1", "-p", String.valueOf(port), "x", "-n", "40", "-c", "1", "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(server.stop(START)).isZero();
            String summary = server.output().lines().filter(l -> l.startsWith("Received ")).findFirst().orElseThrow();
            Matcher duplicated = java.util.regex.Pattern.compile("(\\d+) requests duplicated").matcher(summary);
            assertThat(duplicated.find()).as(summary).isTrue();
            long byServer = Long.parseLong(duplicated.group(1));
            assertThat(summary).startsWith("Received 40 datagrams").contains("replied to " + (40 + byServer));
            assertThat(json.get("answered").asLong()).isEqualTo(40);
            assertThat(json.get("retransmissions").asLong()).isZero();
            // One request at a time: each second reply comes before the next request's; only the last one's may
            // come after the requester has finished.
            assertThat(json.get("duplicates").asLong()).as(summary).isPositive().isBetween(byServer - 1, byServer);
        }
    }

    @Test
    void benchSpeaksTheIdProtocolWithTheKey() throws Exception {
        Requirements.require(org.udpkit.load.LoadGenerator.whyUnavailable().isEmpty(), "native Linux sockets");
        Path key = key("bench", 32);
        try (RunningProcess server = RunningProcess.udpkit("local", "server", "-p", "0", "-q", "--protocol", "ids",
                "--key-file", key.toString())) {
            int port = port(server);
            Cli run = Cli.run("bench", "127.0.0.1", "-p", String.valueOf(port), "--protocol", "ids", "--key-file",
                    key.toString(), "--duration", "0.3", "--warmup", "0.1", "--window", "4", "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(json.get("protocol").asText()).isEqualTo("ids-keyed");
            assertThat(json.get("answered").asLong()).isPositive();
            assertThat(json.get("wrong").asLong()).isZero();
            // Without the key the server answers nothing: every request is lost, and bench says so.
            Cli keyless = Cli.run("bench", "127.0.0.1", "-p", String.valueOf(port), "--protocol", "ids",
                    "--duration", "0.2", "--warmup", "0", "--window", "2", "--timeout", "0.1");
            assertThat(keyless.exitCode()).isEqualTo(1);
            assertThat(server.stop(START)).isZero();
        }
    }

    @Test
    void aPortWhereNothingListensIsRefused() throws Exception {
        int closed;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closed = probe.getLocalPort();
        }
        Cli run = Cli.run("request", "127.0.0.1", "-p", String.valueOf(closed), "anyone?");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("#0 id [0-9a-f]{16} refused \\(port unreachable\\) after 1 attempt\n");
        assertThat(run.err()).contains("nobody is listening there");
    }

    @Test
    void keyFilesAndNumbersThatCannotWorkExit2() throws Exception {
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        Path shortKey = key("short", 15);
        Path missing = dir.resolve("missing");
        for (Path bad : List.of(empty, shortKey, missing)) {
            for (String[] args : List.of(
                    new String[] {"request", "127.0.0.1", "hi", "--key-file", bad.toString()},
                    new String[] {"local", "server", "-p", "0", "--protocol", "ids", "--key-file", bad.toString()},
                    new String[] {"remote", "server", "127.0.0.1", "-p", "0", "--protocol", "ids", "--key-file", bad.toString()})) {
                Cli run = Cli.run(args);
                assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
                assertThat(run.err()).startsWith("udpkit: --key-file: ").contains(bad.toString()).doesNotContain("Exception");
            }
        }
        Cli bookWithKey = Cli.run("local", "server", "-p", "0", "--key-file", key("good", 32).toString());
        assertThat(bookWithKey.exitCode()).isEqualTo(2);
        assertThat(bookWithKey.err()).contains("--key-file needs --protocol ids");
        for (String[] args : List.of(new String[] {"-n", "0"}, new String[] {"-n", "1000001"}, new String[] {"-c", "0"},
                new String[] {"--deadline", "NaN"}, new String[] {"--deadline", "0"}, new String[] {"--deadline", "Infinity"},
                new String[] {"-c", "2147483648"})) {
            String[] full = new String[args.length + 3];
            full[0] = "request";
            full[1] = "127.0.0.1";
            full[2] = "hi";
            System.arraycopy(args, 0, full, 3, args.length);
            Cli run = Cli.run(full);
            assertThat(run.exitCode()).as(String.join(" ", full)).isEqualTo(2);
            assertThat(run.err()).doesNotContain("Exception");
        }
    }
}
