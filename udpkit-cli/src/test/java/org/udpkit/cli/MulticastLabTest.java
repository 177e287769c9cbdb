package org.udpkit.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multicast on a real LAN behind a multicast router ({@link NetworkLab#forwardMulticast}): a group datagram
 * sent with TTL 1 is heard by both hosts of the segment, the sender included, and not behind the router; the
 * same with TTL 2 crosses the router, so that what keeps the first on the LAN is its TTL, not the router.
 *
 * <p>The groups are of the scope a site's routers forward and the Internet's do not: 239.255.0.0/16, RFC
 * 2365's IPv4 Local Scope, and ff05::/16, IPv6 site-local scope (5). Link-local ff02:: would not do: no
 * router forwards it whatever its hop limit, so it could not show that TTL 2 crosses.
 */
@Timeout(120)
class MulticastLabTest {
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final Group IPV4 = new Group(StandardProtocolFamily.INET, "239.255.42.99", "1060");
    private static final Group IPV6 = new Group(StandardProtocolFamily.INET6, "ff05::4299", "1061");
    private static final List<String> HOSTS = List.of("a", "b", "far");

    private static NetworkLab lab;
    private static final List<Listener> listeners = new ArrayList<>();

    private record Group(StandardProtocolFamily family, String address, String port) {
    }

    private record Listener(Group group, String host, RunningProcess process) {
    }

    /** One lab for both families: LAN hosts a and b, far behind the router; a listener per group on each. */
    @BeforeAll
    static void buildLab() throws Exception {
        NetworkLab.require();
        lab = NetworkLab.builder().lan("a", "b").behindRouter("far", NetworkLab.LAN_MTU).build();
        try {
            lab.forwardMulticast();
        } catch (IOException e) {
            Requirements.require(false, "the lab's multicast router needs nftables' netdev family with dup "
                    + "(CONFIG_NF_TABLES_NETDEV, CONFIG_NFT_DUP_NETDEV): " + e.getMessage());
        }
        for (Group group : List.of(IPV4, IPV6)) {
            for (String host : HOSTS) {
                listeners.add(new Listener(group, host, RunningProcess.start(
                        lab.udpkit(host, "multicast", "server", group.address(), "-p", group.port()))));
            }
        }
        for (Listener listener : listeners) {
            listener.process().awaitLine("Joined multicast group", RUN);
        }
    }

    @AfterAll
    static void removeLab() {
        listeners.forEach(listener -> listener.process().close());
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void ipv4TtlOneIsHeardOnTheLanAndNotBeyondTheRouterWhereTtlTwoIs() throws Exception {
        ttlOneStaysOnTheLanAndTtlTwoCrossesTheRouter(IPV4);
    }

    @Test
    void ipv6HopLimitOneIsHeardOnTheLanAndNotBeyondTheRouterWhereHopLimitTwoIs() throws Exception {
        ttlOneStaysOnTheLanAndTtlTwoCrossesTheRouter(IPV6);
    }

    private static void ttlOneStaysOnTheLanAndTtlTwoCrossesTheRouter(Group group) throws Exception {
        long keptBefore = lab.multicastKeptOnLan(group.family());
        long forwardedBefore = lab.multicastForwarded(group.family());
        send(group, 1);
        send(group, 2);
        for (Listener listener : listeners(group)) {
            if (listener.host().equals("far")) {
                // The TTL 1 datagram went first, on the same path: had the router let it by, far would have it now.
                listener.process().awaitLine("The client at .* says: 'TTL 2 datagram'", RUN);
                assertThat(listener.process().output()).doesNotContain("TTL 1 datagram");
            } else {
                listener.process().awaitLine("The client at .* says: 'TTL 1 datagram'", RUN);
                listener.process().awaitLine("The client at .* says: 'TTL 2 datagram'", RUN);
            }
        }
        // The router heard both: it kept the first on the LAN for its TTL, and forwarded the second.
        assertThat(lab.multicastKeptOnLan(group.family()) - keptBefore).isEqualTo(1);
        assertThat(lab.multicastForwarded(group.family()) - forwardedBefore).isEqualTo(1);
    }

    /** {@code udpkit multicast client GROUP --ttl N} on a, sending "TTL N datagram". */
    private static void send(Group group, int ttl) throws Exception {
        try (RunningProcess client = RunningProcess.start(lab.udpkit("a", "multicast", "client", group.address(),
                "-p", group.port(), "--ttl", String.valueOf(ttl), "-m", "TTL " + ttl + " datagram"))) {
            assertThat(client.awaitExit(RUN)).as(client.output()).isZero();
        }
    }

    private static List<Listener> listeners(Group group) {
        return listeners.stream().filter(listener -> listener.group().equals(group)).toList();
    }
}
