package org.udpkit.cli;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding to interfaces (the book's section 2.3) on a host with a real LAN address: a server bound to
 * 127.0.0.1 and one bound to the LAN address share a port, and each hears only the datagrams sent to its
 * own address; a peer on the LAN can reach only the second.
 */
@Timeout(120)
class BindingLabTest {
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final String PORT = "1060";

    @BeforeAll
    static void needsRootForNamespaces() {
        NetworkLab.require();
    }

    @Test
    void aLoopbackServerAndALanServerShareAPortAndEachHearsOnlyItsOwnAddress() throws Exception {
        try (NetworkLab lab = NetworkLab.builder().lan("a", "b").build();
             RunningProcess loopback = RunningProcess.start(lab.udpkit("a", "local", "server", "-p", PORT));
             RunningProcess lan = RunningProcess.start(lab.udpkit("a", "remote", "server", lab.ipv4("a"), "-p", PORT,
                     "--drop", "0"))) {
            loopback.awaitLine("Listening at 127\\.0\\.0\\.1:" + PORT, RUN);
            lan.awaitLine("Listening at " + lab.ipv4("a").replace(".", "\\.") + ":" + PORT, RUN);

            // socat sends (a peer we did not write, and no JVM to start).
            send(lab, "a", "127.0.0.1", "to-loopback");
            send(lab, "a", lab.ipv4("a"), "to-the-lan-address");
            send(lab, "b", lab.ipv4("a"), "from-the-lan-peer");
            loopback.awaitLine("The client at 127\\.0\\.0\\.1:\\d+ says 'to-loopback'", RUN);
            lan.awaitLine("The client at " + lab.ipv4("a").replace(".", "\\.") + ":\\d+ says 'to-the-lan-address'", RUN);
            lan.awaitLine("The client at " + lab.ipv4("b").replace(".", "\\.") + ":\\d+ says 'from-the-lan-peer'", RUN);

            assertThat(loopback.stop(RUN)).isZero();
            assertThat(lan.stop(RUN)).isZero();
            assertThat(loopback.output()).doesNotContain("to-the-lan-address", "from-the-lan-peer")
                    .contains("Received 1 datagram");
            assertThat(lan.output()).doesNotContain("to-loopback").contains("Received 2 datagrams");
        }
    }

    private static void send(NetworkLab lab, String from, String address, String text) throws Exception {
        lab.exec(from, "socat", "-u", "SYSTEM:printf " + text, "UDP-SENDTO:" + address + ":" + PORT);
    }
}
