package org.udpkit.cli;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.udpkit.load.LoadGenerator;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.server.UdpServer;
import org.udpkit.options.OptionSource;
import org.udpkit.options.SocketOptionInspector;

import static org.assertj.core.api.Assertions.assertThat;

/** Every {@code --json} report is one JSON document with the fields docs/json.md promises, read back by a parser. */
class JsonOutputTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String... args) throws Exception {
        Cli run = Cli.run(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).as("one document on one line").hasSize(1);
        return MAPPER.readTree(run.out());
    }

    @Test
    void services() throws Exception {
        JsonNode domain = json("services", "domain", "--built-in", "--json");
        assertThat(domain.get("name").asText()).isEqualTo("domain");
        assertThat(domain.get("port").asInt()).isEqualTo(53);
        assertThat(domain.get("protocol").asText()).isEqualTo("udp");
        assertThat(domain.get("aliases").isArray()).isTrue();
        assertThat(domain.get("range").asText()).isEqualTo("well-known");
        assertThat(domain.get("source").asText()).isEqualTo("built-in table");
    }

    @Test
    void sockopts() throws Exception {
        JsonNode options = json("sockopts", "--set", "IP_TOS=0x10", "--json");
        assertThat(options.get("family").asText()).isEqualTo("inet");
        JsonNode tos = null;
        for (JsonNode option : options.get("options")) {
            assertThat(option.has("name") && option.has("level")).isTrue();
            assertThat(option.has("value") || option.has("status")).as(option.toString()).isTrue();
            if (option.get("name").asText().equals("IP_TOS")) {
                tos = option;
            }
        }
        assertThat(tos).isNotNull();
        assertThat(tos.get("value").asInt()).isEqualTo(0x10);
        assertThat(tos.get("asked").asInt()).isEqualTo(0x10);
        assertThat(tos.has("adjustment")).as("set as asked").isFalse();
        if (SocketOptionInspector.source() == OptionSource.LINUX_GETSOCKOPT) {
            assertThat(options.get("source").asText()).isEqualTo("getsockopt");
        }
    }

    @Test
    void interfaces() throws Exception {
        JsonNode interfaces = json("interfaces", "--json").get("interfaces");
        JsonNode lo = null;
        for (JsonNode nic : interfaces) {
            if (nic.get("name").asText().equals("lo")) {
                lo = nic;
            }
        }
        assertThat(lo).isNotNull();
        assertThat(lo.get("mtu").asInt()).isEqualTo(65536);
        assertThat(lo.get("flags").toString()).contains("\"up\"", "\"loopback\"");
        assertThat(lo.get("addresses").toString()).contains("\"address\":\"127.0.0.1\"", "\"prefix_length\":8");
    }

    @Test
    void bench() throws Exception {
        Requirements.require(LoadGenerator.whyUnavailable().isEmpty(), "the load generator runs on Linux's batched layer");
        try (UdpServer server = UdpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new LengthProtocol()).start()) {
            JsonNode run = json("bench", "127.0.0.1", "-p", String.valueOf(server.localAddress().getPort()),
                    "--duration", "0.3", "--warmup", "0", "--window", "4", "--json");
            assertThat(run.get("target").asText()).isEqualTo("127.0.0.1:" + server.localAddress().getPort());
            assertThat(run.get("sent").asLong()).isEqualTo(run.get("answered").asLong() + run.get("lost").asLong());
            assertThat(run.get("wrong").asLong()).isZero();
            assertThat(run.get("rtt_us").get("count").asLong()).isEqualTo(run.get("answered").asLong());
            assertThat(run.get("rtt_us").get("p50").asDouble()).isPositive();
        }
    }

    @Test
    void aServersStopStatistics() throws Exception {
        Duration start = Duration.ofSeconds(30);
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = probe.getLocalPort();
        }
        // With --json, stdout holds the statistics alone (the listening line goes to stderr, dropped here).
        try (RunningProcess server = RunningProcess.udpkitStdoutOnly("local", "server", "-p", String.valueOf(port), "--json")) {
            // The remote client retransmits, also while nothing listens yet: it needs no sign that the server is up.
            Cli client = Cli.run("remote", "client", "127.0.0.1", "-p", String.valueOf(port), "-m", "hello", "--give-up", "12.8");
            assertThat(client.exitCode()).as(client.err()).isZero();
            assertThat(server.stop(start)).isZero();
            assertThat(server.output().lines()).as("one document on one line").hasSize(1);
            JsonNode stats = MAPPER.readTree(server.output());
            assertThat(stats.get("address").asText()).isEqualTo("127.0.0.1:" + port);
            assertThat(stats.get("transport").asText()).isIn("linux-batched", "jdk-channel");
            assertThat(stats.get("workers").asInt()).isEqualTo(1);
            JsonNode counts = stats.get("counts");
            // The client's datagram, at least (a port just freed may still hear a stray one).
            assertThat(counts.get("received").asLong()).isPositive();
            assertThat(counts.get("replied").asLong()).isEqualTo(counts.get("received").asLong());
            assertThat(counts.get("bytes_received").asLong()).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void bigSender() throws Exception {
        try (DatagramSocket sink = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            JsonNode result = json("big-sender", "127.0.0.1", "-p", String.valueOf(sink.getLocalPort()), "--json");
            assertThat(result.get("size").asInt()).isEqualTo(999_999);
            assertThat(result.get("target").asText()).isEqualTo("127.0.0.1:" + sink.getLocalPort());
            if (result.get("result").asText().equals("too_big")) {
                assertThat(result.get("path_mtu").asInt()).isBetween(65535, 65536);
                assertThat(result.get("kernel_says").asText()).contains("EMSGSIZE");
            } else {
                assertThat(result.get("result").asText()).isEqualTo("unsupported");
                assertThat(result.get("reason").asText()).isNotBlank();
            }
        }
    }
}
