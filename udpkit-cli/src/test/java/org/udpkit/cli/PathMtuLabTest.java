package org.udpkit.cli;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path MTU across a real routed path: host a's own link (the LAN) has MTU 1500, but the router's link
 * to host far has 1280 (to host near, 1400). big_sender.py learns that only from the router's ICMP, after the fact; {@code udpkit
 * mtu} learns it from which probes a server answers, so it still finds it when the router drops that ICMP
 * (a black hole), where tracepath, which we did not write, cannot.
 */
@Timeout(120)
class PathMtuLabTest {
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final int PORT = 1060;
    private static final Pattern TRACEPATH_PMTU = Pattern.compile("Resume: pmtu (\\d+)");

    @BeforeAll
    static void needsRootForNamespaces() {
        NetworkLab.require();
    }

    @Test
    void bigSenderLearnsTheNarrowLinksMtuFromTheRouter() throws Exception {
        try (NetworkLab lab = NetworkLab.builder().lan("a").behindRouter("far", 1280).build()) {
            List<String> bigSender = lab.udpkit("a", "big-sender", lab.ipv4("far"), "--size", "1400");

            try (RunningProcess first = RunningProcess.start(bigSender)) {
                assertThat(first.awaitExit(RUN)).as(first.output()).isZero();
                assertThat(first.output()).isEqualTo("The big datagram was sent!");
            }
            // The router's ICMP "fragmentation needed" has to come back before the kernel knows: wait until
            // host a's route cache holds the learned MTU, then ask again, once.
            String route = "";
            long deadline = System.nanoTime() + RUN.toNanos();
            while (!route.contains("mtu 1280") && System.nanoTime() < deadline) {
                route = lab.exec("a", "ip", "route", "get", lab.ipv4("far"));
                if (!route.contains("mtu 1280")) {
                    Thread.sleep(10);
                }
            }
            assertThat(route).as("the route cache of host a").contains("mtu 1280");
            try (RunningProcess again = RunningProcess.start(bigSender)) {
                assertThat(again.awaitExit(RUN)).isZero();
                assertThat(again.output()).isEqualTo("Alas, the datagram did not make it\nActual MTU: 1280");
            }
            // A datagram that fits the whole path is sent without a word.
            try (RunningProcess fits = RunningProcess.start(lab.udpkit("a", "big-sender", lab.ipv4("far"), "--size", "1252"))) {
                assertThat(fits.awaitExit(RUN)).isZero();
                assertThat(fits.output()).isEqualTo("The big datagram was sent!");
            }
        }
    }

    @Test
    void mtuAgreesWithTracepathOnTheRoutedPathAndFindsTheLinkMtuOnADirectLink() throws Exception {
        try (NetworkLab lab = NetworkLab.builder().lan("a", "b").behindRouter("far", 1280).behindRouter("near", 1400).build();
             RunningProcess far = responder(lab, "far", "::");
             RunningProcess near = responder(lab, "near", lab.ipv4("near"));
             RunningProcess neighbour = responder(lab, "b", lab.ipv4("b"))) {
            for (RunningProcess server : List.of(far, near, neighbour)) {
                server.awaitLine("Listening at", RUN);
            }
            try (RunningProcess routed4 = RunningProcess.start(lab.udpkit("a", "mtu", lab.ipv4("far"), "--json"));
                 RunningProcess routed6 = RunningProcess.start(lab.udpkit("a", "mtu", lab.ipv6("far"), "-6", "--json"));
                 RunningProcess routed1400 = RunningProcess.start(lab.udpkit("a", "mtu", lab.ipv4("near"), "--json"));
                 RunningProcess direct = RunningProcess.start(lab.udpkit("a", "mtu", lab.ipv4("b"), "--json"))) {
                JsonNode v4 = found(routed4);
                JsonNode v6 = found(routed6);
                JsonNode nearer = found(routed1400);
                JsonNode lan = found(direct);

                assertThat(nearer.get("path_mtu").asInt()).isEqualTo(tracepathPmtu(lab, "-4", lab.ipv4("near"))).isEqualTo(1400);

                assertThat(v4.get("path_mtu").asInt()).isEqualTo(tracepathPmtu(lab, "-4", lab.ipv4("far"))).isEqualTo(1280);
                assertThat(v6.get("path_mtu").asInt()).isEqualTo(tracepathPmtu(lab, "-6", lab.ipv6("far"))).isEqualTo(1280);
                assertThat(v4.get("udp_payload").asInt()).isEqualTo(1252);
                assertThat(v6.get("udp_payload").asInt()).isEqualTo(1232);
                // The router said so in ICMP, and the search used it: the kernel learned the same.
                assertThat(v4.get("icmp").toString()).contains("\"kind\":\"packet_too_big\"", "\"mtu\":1280", lab.ipv4("r"));
                assertThat(v6.get("icmp").toString()).contains("\"kind\":\"packet_too_big\"", "\"mtu\":1280");
                assertThat(v4.get("kernel_path_mtu").asInt()).isEqualTo(1280);
                assertThat(v4.get("smallest_refused").asInt()).as("the first hop's MTU, refused by the router").isEqualTo(1500);
                assertThat(v4.has("smallest_unanswered")).as("no probe waited for in vain").isFalse();

                assertThat(lan.get("path_mtu").asInt()).isEqualTo(NetworkLab.LAN_MTU);
                assertThat(lan.get("first_hop_mtu").asInt()).isEqualTo(NetworkLab.LAN_MTU);
                assertThat(lan.has("smallest_unanswered")).isFalse();
            }
        }
    }

    @Test
    void mtuFindsTheNarrowLinkThroughAnIcmpBlackHoleWhereTracepathCannot() throws Exception {
        try (NetworkLab lab = NetworkLab.builder().lan("a").behindRouter("far", 1280).build();
             RunningProcess far = responder(lab, "far", "::")) {
            lab.dropPacketTooBig();
            far.awaitLine("Listening at", RUN);
            // tracepath runs meanwhile (it waits seconds for ICMP that never comes).
            try (RunningProcess tracepath4 = RunningProcess.start(tracepath(lab, "-4", lab.ipv4("far")));
                 RunningProcess tracepath6 = RunningProcess.start(tracepath(lab, "-6", lab.ipv6("far")));
                 RunningProcess routed4 = RunningProcess.start(lab.udpkit("a", "mtu", lab.ipv4("far")));
                 RunningProcess routed6 = RunningProcess.start(lab.udpkit("a", "mtu", lab.ipv6("far"), "-6"))) {
                long started = System.nanoTime();
                assertThat(routed4.awaitExit(RUN)).as(routed4.output()).isZero();
                assertThat(routed6.awaitExit(RUN)).as(routed6.output()).isZero();
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                System.out.println("udpkit mtu through the black hole, IPv4 and IPv6 side by side, took " + took
                        + ":\n" + routed4.output() + "\n" + routed6.output());

                assertThat(routed4.output()).isEqualTo("Path MTU 1280 (UDP payload 1252): probes of 1281-1500 bytes"
                        + " unanswered, 1280 answered; no ICMP received");
                assertThat(routed6.output()).isEqualTo("Path MTU 1280 (UDP payload 1232): probes of 1281-1500 bytes"
                        + " unanswered, 1280 answered; no ICMP received");
                assertThat(took).as("the issue's bound for a search through a black hole").isLessThan(Duration.ofSeconds(10));
                // tracepath learns the path MTU from ICMP only, so it keeps the first hop's.
                assertThat(pmtu(tracepath4)).isEqualTo(NetworkLab.LAN_MTU);
                assertThat(pmtu(tracepath6)).isEqualTo(NetworkLab.LAN_MTU);
            }
            assertThat(lab.droppedByRouter()).as("ICMP messages the router dropped").isPositive();
        }
    }

    @Test
    void theBooksPythonServerIsAResponderToo() throws Exception {
        try (NetworkLab lab = NetworkLab.builder().lan("a").behindRouter("far", 1280).build();
             RunningProcess python = RunningProcess.start(lab.python("far", "remote-server", lab.ipv4("far"), PORT))) {
            python.awaitLine("Listening at", RUN);
            lab.dropPacketTooBig();
            // The book's server drops half of what it hears on purpose: ten tries a size make a lost answer
            // to a size that fits (one in 1,024) rare enough.
            try (RunningProcess mtu = RunningProcess.start(lab.udpkit("a", "mtu", lab.ipv4("far"), "--probes", "10"))) {
                assertThat(mtu.awaitExit(RUN)).as(mtu.output()).isZero();
                assertThat(mtu.output()).isEqualTo("Path MTU 1280 (UDP payload 1252): probes of 1281-1500 bytes"
                        + " unanswered, 1280 answered; no ICMP received");
            }
            // The answers came from Python: it heard a's probes (and may have dropped some on purpose).
            assertThat(python.output()).contains("The client at ('198.18.1.2'");
        }
    }

    /**
     * {@code udpkit remote server ADDRESS} dropping nothing, quiet: the book's protocol, answering every probe.
     * At {@code ::} one server answers IPv4 and IPv6 alike (a dual-stack socket).
     */
    private static RunningProcess responder(NetworkLab lab, String host, String address) throws Exception {
        return RunningProcess.start(lab.udpkit(host, "remote", "server", address, "-p", String.valueOf(PORT),
                "--drop", "0", "-q"));
    }

    private static JsonNode found(RunningProcess mtu) throws Exception {
        assertThat(mtu.awaitExit(RUN)).as(mtu.output()).isZero();
        JsonNode json = new ObjectMapper().readTree(mtu.output());
        assertThat(json.get("result").asText()).as(mtu.output()).isEqualTo("found");
        return json;
    }

    private static int tracepathPmtu(NetworkLab lab, String family, String address) throws Exception {
        try (RunningProcess tracepath = RunningProcess.start(tracepath(lab, family, address))) {
            return pmtu(tracepath);
        }
    }

    /** tracepath from host a, two hops at most (a's router, then the far host). */
    private static List<String> tracepath(NetworkLab lab, String family, String address) {
        return lab.in("a", List.of("tracepath", family, "-n", "-m", "2", address));
    }

    private static int pmtu(RunningProcess tracepath) throws Exception {
        tracepath.awaitExit(RUN);
        Matcher pmtu = TRACEPATH_PMTU.matcher(tracepath.output());
        assertThat(pmtu.find()).as(tracepath.output()).isTrue();
        return Integer.parseInt(pmtu.group(1));
    }
}
