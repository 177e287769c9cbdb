package org.udpkit.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpkit.load.LoadGenerator;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.server.UdpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code udpkit mtu} on loopback, where the first hop is the whole path (MTU 65,536, so the largest IP packet,
 * 65,535 bytes, is answered at once), and its bounds. The routed path, the black hole and the book's Python
 * server are in {@link PathMtuLabTest}.
 */
@Timeout(60)
class MtuCommandTest {
    private static void requireNative() {
        Requirements.require(LoadGenerator.whyUnavailable().isEmpty(), "native Linux sockets");
    }

    @Test
    void loopbackCarriesTheLargestPacketOnTheFirstProbeIpv4AndIpv6() throws Exception {
        requireNative();
        for (StandardProtocolFamily family : new StandardProtocolFamily[] {StandardProtocolFamily.INET, StandardProtocolFamily.INET6}) {
            InetAddress loopback = Endpoints.loopback(family);
            try (UdpServer server = UdpServer.open(new InetSocketAddress(loopback, 0), new LengthProtocol()).start()) {
                Cli mtu = Cli.run("mtu", loopback.getHostAddress(), "-p", String.valueOf(server.localAddress().getPort()));
                assertThat(mtu.exitCode()).as(mtu.err()).isZero();
                int payload = family == StandardProtocolFamily.INET ? 65_507 : 65_487;
                assertThat(mtu.out()).isEqualTo("Path MTU 65535 (UDP payload " + payload + "): 65535 answered,"
                        + " the first hop's MTU; no ICMP received" + System.lineSeparator());
            }
        }
    }

    @Test
    void nobodyListeningIsAFailureSaidByIcmpAtOnce() throws Exception {
        requireNative();
        int port;
        try (var probe = java.nio.channels.DatagramChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        Cli mtu = Cli.run("mtu", "127.0.0.1", "-p", String.valueOf(port), "--json");
        assertThat(mtu.exitCode()).isEqualTo(1);
        assertThat(mtu.out()).contains("\"result\":\"no_answer\"", "port unreachable: nothing listens on 127.0.0.1:" + port);
    }

    @Test
    void everyNumberIsBounded() {
        for (String[] args : new String[][] {{"--probes", "0"}, {"--probes", "11"}, {"--probes", "2147483648"},
                {"--wait", "0"}, {"--wait", "NaN"}, {"--wait", "Infinity"}, {"--wait", "61"}, {"-p", "0"}}) {
            String[] line = new String[args.length + 2];
            line[0] = "mtu";
            line[1] = "127.0.0.1";
            System.arraycopy(args, 0, line, 2, args.length);
            Cli result = Cli.run(line);
            assertThat(result.exitCode()).as(String.join(" ", line) + ": " + result.err()).isEqualTo(2);
            assertThat(result.err()).contains("--help' for usage.").doesNotContain("Exception");
        }
        assertThat(Cli.run("mtu", "127.0.0.1", "-p", "9", "-6").err()).contains("-6 asks for IPv6, but 127.0.0.1 is an IPv4 address");
    }
}
