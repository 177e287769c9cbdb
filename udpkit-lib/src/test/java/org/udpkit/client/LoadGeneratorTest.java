package org.udpkit.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpkit.linux.Linux;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.server.ServerCounters;
import org.udpkit.server.ServerOptions;
import org.udpkit.server.UdpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The load generator against an in-process server on loopback, briefly: counts and checks, no speed asserted. */
class LoadGeneratorTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @BeforeAll
    static void linuxOnly() {
        assumeTrue(Linux.isAvailable(), "native Linux sockets");
    }

    private static UdpServer server(String host, int workers) throws IOException {
        return UdpServer.open(new InetSocketAddress(InetAddress.getByName(host), 0), counters -> new LengthProtocol(),
                ServerOptions.defaults().withWorkers(workers)).start();
    }

    @ParameterizedTest(name = "{0} byte requests")
    @ValueSource(ints = {0, 64, 65_507})
    @SuppressWarnings("try") // closes the server early, on purpose: see the close() below
    void aClosedLoopGetsEveryReplyRightAndTimesEachOne(int size) throws IOException {
        List<Long> rtts = new ArrayList<>();
        // Eight 64 KiB datagrams overflow a default receive buffer (about 208 KiB): the largest go one at a time.
        int window = size > 16_384 ? 1 : 8;
        try (UdpServer server = server("127.0.0.1", 1)) {
            LoadGenerator.Result result = LoadGenerator.run(
                    LoadGenerator.Settings.closedLoop(server.localAddress(), window, size, SHORT), rtts::add,
                    LoadGenerator.ProgressListener.NONE);
            assertThat(result.received()).isPositive();
            assertThat(result.wrongTotal()).isZero();
            assertThat(result.lostTotal()).isZero();
            assertThat(result.refused()).isZero();
            // Every reply is timed, unless a stall of 200 ms on a busy machine made the generator give up on a window.
            assertThat(rtts.size()).isLessThanOrEqualTo((int) result.received()).isGreaterThan((int) result.received() / 2);
            assertThat(rtts).allSatisfy(rtt -> assertThat(rtt).isPositive());
            assertThat(result.repliesPerSecond()).isEqualTo(result.received() / result.seconds());
            // A worker counts a reply just after sending it: read the counts once close() has joined it.
            server.close();
            assertThat(server.counters().replied.get()).isEqualTo(result.sentTotal());
        }
    }

    @Test
    void anOpenLoopSendsAtItsRateAndReportsProgress() throws IOException {
        List<LoadGenerator.Progress> reports = new ArrayList<>();
        try (UdpServer server = server("::1", 1)) {
            LoadGenerator.Settings settings = new LoadGenerator.Settings(server.localAddress(), 64, 10,
                    Duration.ofMillis(400), Duration.ofMillis(250), 2000, 2, Duration.ofMillis(100));
            LoadGenerator.Result result = LoadGenerator.run(settings, LoadGenerator.RttRecorder.NONE, reports::add);
            // 2000/s for 0.65 s in all is 1300 requests; allow for a slow start on a busy machine.
            assertThat(result.sentTotal()).isBetween(650L, 1400L);
            assertThat(result.wrongTotal()).isZero();
            assertThat(result.lostTotal()).isZero();
            assertThat(reports).isNotEmpty();
            assertThat(reports.getFirst().warmingUp()).isTrue();
            assertThat(reports.getLast().warmingUp()).isFalse();
        }
    }

    @Test
    @SuppressWarnings("try") // closes the server early, on purpose: see the close() below
    void severalSocketsReachEveryWorker() throws IOException {
        List<ServerCounters> perWorker = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (UdpServer server = UdpServer.open(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), counters -> {
            perWorker.add(counters);
            return new LengthProtocol();
        }, ServerOptions.defaults().withWorkers(2)).start()) {
            LoadGenerator.Settings settings = new LoadGenerator.Settings(server.localAddress(), 32, 16, SHORT,
                    Duration.ZERO, 0, 32, Duration.ofSeconds(1));
            LoadGenerator.Result result = LoadGenerator.run(settings, LoadGenerator.RttRecorder.NONE,
                    LoadGenerator.ProgressListener.NONE);
            assertThat(result.received()).isPositive();
            assertThat(result.wrongTotal()).isZero();
            // A worker counts a reply just after sending it: read the counts once close() has joined it.
            server.close();
            assertThat(server.counters().replied.get()).isEqualTo(result.sentTotal());
            // 32 source ports hash onto both workers (all on one: a chance of 2 in 2^32).
            assertThat(perWorker).hasSize(2).allSatisfy(counters -> assertThat(counters.received.get()).isPositive());
        }
    }

    @Test
    void nobodyListeningIsReportedAsRefused() throws IOException {
        InetSocketAddress nobody;
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            nobody = (InetSocketAddress) probe.getLocalAddress();
        }
        LoadGenerator.Result result = LoadGenerator.run(
                LoadGenerator.Settings.closedLoop(nobody, 1, 8, Duration.ofMillis(200)),
                LoadGenerator.RttRecorder.NONE, LoadGenerator.ProgressListener.NONE);
        assertThat(result.received()).isZero();
        assertThat(result.refused()).isPositive();
    }

    @Test
    void settingsThatCannotWorkAreRefused() {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        assertThatThrownBy(() -> LoadGenerator.Settings.closedLoop(target, 1, 65_508, SHORT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65,507");
        assertThatThrownBy(() -> new LoadGenerator.Settings(target, 2, 1, SHORT, Duration.ZERO, 0, 4, SHORT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one per socket");
        assertThatThrownBy(() -> new LoadGenerator.Settings(target, 2, 1, SHORT, Duration.ZERO, -1, 1, SHORT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
