package org.udpkit.cli;

import java.time.Duration;
import java.util.List;

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

            try (RunningProcess toLoopback = RunningProcess.start(lab.udpkit("a", "send", "127.0.0.1", PORT, "to-loopback"));
                 RunningProcess toLan = RunningProcess.start(lab.udpkit("a", "send", lab.ipv4("a"), PORT, "to-the-lan-address"));
                 RunningProcess fromPeer = RunningProcess.start(lab.udpkit("b", "send", lab.ipv4("a"), PORT, "from-the-lan-peer"))) {
                for (RunningProcess sender : List.of(toLoopback, toLan, fromPeer)) {
                    assertThat(sender.awaitExit(RUN)).as(sender.output()).isZero();
                }
            }
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
}
