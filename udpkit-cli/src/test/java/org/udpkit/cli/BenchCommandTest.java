package org.udpkit.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

import org.junit.jupiter.api.Test;
import org.udpkit.load.LoadGenerator;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.server.UdpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code udpkit bench} against an in-process server for a fraction of a second. */
class BenchCommandTest {
    /** Whether the load generator can run here (Linux, with native access). */
    private static boolean nativeLinuxSockets() {
        return LoadGenerator.whyUnavailable().isEmpty();
    }

    @Test
    void jsonReportsRepliesLossAndPercentiles() throws Exception {
        assumeTrue(nativeLinuxSockets(), "native Linux sockets");
        try (UdpServer server = UdpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new LengthProtocol()).start()) {
            Cli result = Cli.run("bench", "127.0.0.1", "-p", String.valueOf(server.localAddress().getPort()),
                    "--duration", "0.3", "--warmup", "0.1", "--window", "4", "--size", "100", "--json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out().strip())
                    .startsWith("{\"target\":\"127.0.0.1:" + server.localAddress().getPort() + "\",\"window\":4,\"size\":100,")
                    .contains("\"wrong\":0", "\"lost\":0", "\"rtt_us\":{\"count\":")
                    .endsWith("}}");
        }
    }

    @Test
    void textSaysWhatItLoadsAndWhatCameBack() throws Exception {
        assumeTrue(nativeLinuxSockets(), "native Linux sockets");
        try (UdpServer server = UdpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new LengthProtocol()).start()) {
            Cli result = Cli.run("bench", "localhost", "-p", String.valueOf(server.localAddress().getPort()),
                    "-d", "0.2", "--warmup", "0", "-w", "1", "--no-progress");
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out())
                    .contains("closed loop, window 1, 64-byte requests, 1 socket")
                    .contains("replies/s ")
                    .contains("RTT us: p50 ");
        }
    }

    @Test
    void noServerIsAFailureThatSaysSo() throws Exception {
        assumeTrue(nativeLinuxSockets(), "native Linux sockets");
        int port;
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        Cli result = Cli.run("bench", "127.0.0.1", "-p", String.valueOf(port), "-d", "0.2", "--warmup", "0", "--no-progress");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("no replies from 127.0.0.1:" + port + ": nobody is listening there");
    }

    @Test
    void aWindowSmallerThanTheSocketsIsAUsageError() {
        Cli result = Cli.run("bench", "127.0.0.1", "--window", "2", "--sockets", "4");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("at least one per socket");
    }
}
