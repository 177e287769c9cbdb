package org.udpkit.cli;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * udp_broadcast.py on a real LAN segment: one datagram to the LAN's broadcast address is heard by every
 * host on the segment, the sender included, and by no host behind the router.
 */
@Timeout(120)
class BroadcastLabTest {
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final String PORT = "1060";
    private static final String HEARD = "The client at 198\\.18\\.1\\.2:\\d+ says: 'Broadcast datagram!'";

    @BeforeAll
    static void needsRootForNamespaces() {
        NetworkLab.require();
    }

    @Test
    void everyHostOfTheSegmentHearsTheBroadcastAndNoHostBehindTheRouter() throws Exception {
        try (NetworkLab lab = NetworkLab.builder().lan("a", "b", "c").behindRouter("far", NetworkLab.LAN_MTU).build();
             RunningProcess a = listener(lab, "a");
             RunningProcess b = listener(lab, "b");
             RunningProcess c = listener(lab, "c");
             RunningProcess far = listener(lab, "far")) {
            for (RunningProcess listener : List.of(a, b, c, far)) {
                listener.awaitLine("Listening for datagrams at", RUN);
            }
            try (RunningProcess client = RunningProcess.start(lab.udpkit("a", "broadcast", "client", NetworkLab.LAN_BROADCAST,
                    "-p", PORT))) {
                assertThat(client.awaitExit(RUN)).as(client.output()).isZero();
            }
            for (RunningProcess segment : List.of(a, b, c)) {
                segment.awaitLine(HEARD, RUN);
            }
            // far is listening (a datagram socat sends to its own address arrives), yet heard no broadcast.
            lab.exec("a", "socat", "-u", "SYSTEM:echo routed", "UDP-SENDTO:" + lab.ipv4("far") + ":" + PORT);
            far.awaitLine("says: 'routed", RUN);
            assertThat(far.output()).doesNotContain("Broadcast datagram!");
        }
    }

    /** {@code udpkit broadcast server ''}: every interface, as udp_broadcast.py binds. */
    private static RunningProcess listener(NetworkLab lab, String host) throws Exception {
        return RunningProcess.start(lab.udpkit(host, "broadcast", "server", "", "-p", PORT));
    }
}
