package org.udpkit.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * big_sender.py across a real routed path: host a's own link has MTU 1500, but the router's link to b
 * has 1280. The first big datagram leaves a (it fits a's link) and the router answers "fragmentation
 * needed"; a's kernel learns the path MTU from that, so the second attempt fails with the true figure,
 * just as the book describes. tracepath, which we did not write, must agree.
 */
@Timeout(120)
class PathMtuLabTest {
    private static final Duration RUN = Duration.ofSeconds(60);

    @BeforeAll
    static void needsRootForNamespaces() {
        Requirements.require(NetworkLab.available(), "network namespaces need root and iproute2 (CI has both)");
    }

    private static List<String> udpkitIn(NetworkLab lab, String host, String... args) {
        List<String> command = new ArrayList<>(List.of(RunningProcess.javaCommand(), RunningProcess.NATIVE_ACCESS,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(RunningProcess.mainOnModulePath());
        command.addAll(List.of(args));
        return lab.in(host, command);
    }

    @Test
    void bigSenderLearnsTheNarrowLinksMtuFromTheRouter() throws Exception {
        try (NetworkLab lab = NetworkLab.routedPath(1280)) {
            List<String> bigSender = udpkitIn(lab, "a", "big-sender", NetworkLab.B_ADDRESS, "--size", "1400");

            try (RunningProcess first = RunningProcess.start(bigSender)) {
                assertThat(first.awaitExit(RUN)).as(first.output()).isZero();
                assertThat(first.output()).isEqualTo("The big datagram was sent!");
            }
            // The router's ICMP "fragmentation needed" has to come back before the kernel knows: wait until
            // host a's route cache holds the learned MTU, then ask again, once.
            String route = "";
            long deadline = System.nanoTime() + RUN.toNanos();
            while (!route.contains("mtu 1280") && System.nanoTime() < deadline) {
                route = NetworkLab.run(lab.in("a", List.of("ip", "route", "get", NetworkLab.B_ADDRESS)));
                if (!route.contains("mtu 1280")) {
                    Thread.sleep(10);
                }
            }
            assertThat(route).as("the route cache of host a").contains("mtu 1280");
            String second;
            try (RunningProcess again = RunningProcess.start(bigSender)) {
                assertThat(again.awaitExit(RUN)).isZero();
                second = again.output();
            }
            assertThat(second).isEqualTo("Alas, the datagram did not make it\nActual MTU: 1280");

            String tracepath = NetworkLab.run(lab.in("a", List.of("tracepath", "-n", "-m", "4", NetworkLab.B_ADDRESS)));
            assertThat(tracepath).contains("pmtu 1280");

            // A datagram that fits the whole path is sent without a word.
            try (RunningProcess fits = RunningProcess.start(udpkitIn(lab, "a", "big-sender", NetworkLab.B_ADDRESS, "--size", "1252"))) {
                assertThat(fits.awaitExit(RUN)).isZero();
                assertThat(fits.output()).isEqualTo("The big datagram was sent!");
            }
        }
    }
}
