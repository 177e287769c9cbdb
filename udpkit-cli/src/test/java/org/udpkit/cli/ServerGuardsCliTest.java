package org.udpkit.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpkit.server.LimitMode;
import org.udpkit.server.ReflectorPorts;
import org.udpkit.server.ServerOptions;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servers' guards and faults from the command line: the flags, their bounds, the summary and the JSON
 * statistics, and a faulty {@code remote server} whose client sees exactly what its summary says.
 */
@Timeout(120)
class ServerGuardsCliTest {
    private static final Duration START = Duration.ofSeconds(30);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ServerFlags parse(String... args) {
        ServerFlags flags = new ServerFlags();
        new CommandLine(CommandLine.Model.CommandSpec.forAnnotatedObject(flags)).setCaseInsensitiveEnumValuesAllowed(true)
                .parseArgs(args);
        return flags;
    }

    @Test
    void theLimitsAreAutomaticByDefaultAndEachHasAFlag() {
        ServerOptions defaults = parse().options(ServerOptions.defaults());
        assertThat(defaults.limits().amplification()).isEqualTo(LimitMode.AUTO);
        assertThat(defaults.limits().budget()).isEqualTo(LimitMode.AUTO);
        assertThat(defaults.limits().reflectorPorts()).isEqualTo(ReflectorPorts.REFUSED);
        ServerOptions asked = parse("--amplification-limit", "off", "--reply-budget", "on", "--budget-per-source", "7",
                "--budget-per-prefix", "70", "--answer-reflector-ports").options(ServerOptions.defaults());
        assertThat(asked.limits().amplification()).isEqualTo(LimitMode.OFF);
        assertThat(asked.limits().budget()).isEqualTo(LimitMode.ON);
        assertThat(asked.limits().perSource()).isEqualTo(7);
        assertThat(asked.limits().perPrefix()).isEqualTo(70);
        assertThat(asked.limits().reflectorPorts()).isEqualTo(ReflectorPorts.ANSWERED);
        Cli zero = Cli.run("remote", "server", "127.0.0.1", "-p", "0", "--budget-per-source", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--budget-per-source", "'0'", "1000000");
    }

    @Test
    void delaysReadWithTheirJitterInEitherSpelling() {
        assertThat(DelaySpec.parse("50ms±20ms")).isEqualTo(new DelaySpec(Duration.ofMillis(50), Duration.ofMillis(20)));
        assertThat(DelaySpec.parse("50ms+-20ms")).isEqualTo(new DelaySpec(Duration.ofMillis(50), Duration.ofMillis(20)));
        assertThat(DelaySpec.parse("1.5s")).isEqualTo(new DelaySpec(Duration.ofMillis(1500), Duration.ZERO));
        assertThat(DelaySpec.parse("250us")).isEqualTo(new DelaySpec(Duration.ofNanos(250_000), Duration.ZERO));
    }

    @ParameterizedTest
    @ValueSource(strings = {"50ms±60ms", "61s", "NaNms", "Infinityms", "-5ms", "5", "5 parsecs",
            "99999999999999999999999999999999999999s", "50ms±", "±20ms"})
    void aDelayOutOfBoundsIsAUsageError(String delay) {
        Cli result = Cli.run("remote", "server", "127.0.0.1", "-p", "0", "--delay", delay);
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains("--delay").contains("--help' for usage.").doesNotContain("Exception", "\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--drop-replies=1.5", "--duplicate=NaN", "--reorder=-0.1", "--delay-fraction=Infinity",
            "--amplification-limit=maybe", "--budget-per-prefix=2147483648", "--budget-per-source=1000001",
            "--duplicate-requests=NaN", "--reorder-requests=1.5", "--delay-requests-fraction=-0.1",
            "--delay-requests=61s", "--delay-requests=50ms±60ms"})
    void aFaultOrLimitOutOfBoundsIsAUsageError(String flag) {
        Cli result = Cli.run("remote", "server", "127.0.0.1", "-p", "0", flag);
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains(flag.substring(0, flag.indexOf('='))).contains("--help' for usage.")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void theJsonStatisticsSayWhatEachLimitWithheld() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("local", "server", "-p", "0", "--json",
                "--amplification-limit", "on");
             DatagramChannel client = DatagramChannel.open()) {
            int port = Integer.parseInt(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START).group(1));
            client.bind(new InetSocketAddress(LOOPBACK, 0));
            // An empty datagram proves nothing and earns nothing: its 26-byte reply is withheld.
            client.send(ByteBuffer.allocate(0), new InetSocketAddress(LOOPBACK, port));
            client.send(ByteBuffer.wrap("0123456789".getBytes(StandardCharsets.US_ASCII)), new InetSocketAddress(LOOPBACK, port));
            ByteBuffer reply = ByteBuffer.allocate(100);
            client.receive(reply);
            assertThat(new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII))
                    .isEqualTo("Your data was 10 bytes long");
            assertThat(server.stop(START)).isZero();
            String document = server.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
            JsonNode counts = MAPPER.readTree(document).get("counts");
            assertThat(counts.get("received").asLong()).isEqualTo(2);
            assertThat(counts.get("replied").asLong()).isEqualTo(1);
            assertThat(counts.get("withheld_amplification").asLong()).isEqualTo(1);
            for (String field : List.of("refused_own_address", "refused_port_zero", "refused_reflector_port",
                    "refused_book_reply", "withheld_source_budget", "withheld_prefix_budget", "fault_dropped_replies",
                    "fault_delayed", "fault_duplicated", "fault_reordered", "fault_dropped_requests",
                    "fault_delayed_requests", "fault_duplicated_requests", "fault_reordered_requests",
                    "fault_requests_handed_late")) {
                assertThat(counts.get(field)).as(field).isNotNull();
                assertThat(counts.get(field).asLong()).as(field).isZero();
            }
        }
    }

    /** What one run of the faulty server showed: its summary line, and the replies its client took. */
    private record Run(String summary, String faultsNote, List<Integer> replies, long pretended) {
    }

    private static final int REQUESTS = 120;

    private static Run faultyRun() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("remote", "server", "127.0.0.1", "-p", "0", "--seed", "11",
                "--drop", "0.2", "--drop-replies", "0.2", "--duplicate", "0.2", "--reorder", "0.2",
                "--delay", "20ms±10ms", "--delay-fraction", "0.2");
             DatagramChannel client = DatagramChannel.open()) {
            int port = Integer.parseInt(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START).group(1));
            String note = server.awaitLine("^Replies: .*$", START).group();
            client.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            client.connect(new InetSocketAddress(LOOPBACK, port));
            for (int length = 1; length <= REQUESTS; length++) {
                client.write(ByteBuffer.allocate(length));
            }
            // Every reply comes within 30 ms, or a second for one held to be overtaken: two quiet seconds end it.
            List<Integer> replies = new ArrayList<>();
            client.configureBlocking(false);
            ByteBuffer in = ByteBuffer.allocate(100);
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos()) {
                in.clear();
                if (client.receive(in) == null) {
                    Thread.sleep(2);
                    continue;
                }
                quietSince = System.nanoTime();
                Matcher reply = Pattern.compile("Your data was (\\d+) bytes long")
                        .matcher(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
                assertThat(reply.matches()).isTrue();
                replies.add(Integer.parseInt(reply.group(1)));
            }
            assertThat(server.stop(START)).isZero();
            String summary = server.output().lines().filter(l -> l.startsWith("Received ")).findFirst().orElseThrow();
            long pretended = server.output().lines().filter(l -> l.startsWith("Pretending to drop packet from 127.0.0.1:")).count();
            return new Run(summary, note, replies, pretended);
        }
    }

    private static long number(String summary, String regex) {
        Matcher m = Pattern.compile(regex).matcher(summary);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void aFaultyRemoteServersClientSeesExactlyWhatItsSummarySays() throws Exception {
        Run run = faultyRun();
        System.out.println("faulty remote server: " + run.summary());
        assertThat(run.faultsNote()).isEqualTo("Replies: dropping 20% delaying 20% by 20.0 ms ± 10.0 ms duplicating 20% reordering 20%");
        long replied = number(run.summary(), "replied to (\\d+)");
        long droppedRequests = number(run.summary(), "dropped (\\d+)");
        long droppedReplies = number(run.summary(), "(\\d+) replies dropped on purpose");
        long duplicated = number(run.summary(), "(\\d+) replies duplicated");
        assertThat(run.summary()).startsWith("Received " + REQUESTS + " datagrams");
        assertThat(droppedRequests).isPositive();
        assertThat(droppedReplies).isPositive();
        assertThat(duplicated).isPositive();
        assertThat(number(run.summary(), "(\\d+) replies delayed")).isPositive();
        assertThat(run.pretended()).as("the book's line for each request dropped").isEqualTo(droppedRequests);
        assertThat((long) run.replies().size()).as("every reply the server sent, and no other").isEqualTo(replied);
        Set<Integer> distinct = new HashSet<>(run.replies());
        assertThat(REQUESTS - distinct.size()).isEqualTo(droppedRequests + droppedReplies);
        assertThat(run.replies().size() - distinct.size()).isEqualTo(duplicated);
        assertThat(faultyRun().summary()).as("the same seed, the same run").isEqualTo(run.summary());
    }
}
