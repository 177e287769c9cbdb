package org.udpkit.load;

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
import org.udpkit.server.ServerCounter;
import org.udpkit.server.ServerOptions;
import org.udpkit.Requirements;
import org.udpkit.server.UdpServer;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator against an in-process server on loopback, briefly: counts and checks, no speed asserted. */
class LoadGeneratorTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @BeforeAll
    static void linuxOnly() {
        Requirements.require(Linux.isAvailable(), "native Linux sockets");
    }

    private static UdpServer server(String host, int workers) throws IOException {
        return UdpServer.open(new InetSocketAddress(InetAddress.getByName(host), 0), new LengthProtocol(),
                ServerOptions.defaults().withWorkers(workers)).start();
    }

    @ParameterizedTest(name = "{0} byte requests")
    @ValueSource(ints = {0, 64, 65_504}) // 65,504 to 65,507: the four sizes of a window of 1
    @SuppressWarnings("try") // closes the server early, on purpose: see the close() below
    void aClosedLoopGetsEveryReplyRightAndTimesEachOne(int size) throws IOException {
        List<Long> rtts = new ArrayList<>();
        // Eight 64 KiB datagrams overflow a default receive buffer (about 208 KiB): the largest go one at a time.
        int window = size > 16_384 ? 1 : 8;
        try (UdpServer server = server("127.0.0.1", 1)) {
            long before = System.nanoTime();
            LoadResult result = LoadGenerator.run(
                    LoadSettings.closedLoop(server.localAddress(), window, size, SHORT), rtts::add,
                    ProgressListener.NONE);
            double wallSeconds = (System.nanoTime() - before) / 1e9;
            assertThat(result.answered()).isPositive().isEqualTo(result.sent()).isEqualTo(result.sentTotal());
            assertThat(result.lost() + result.late() + result.duplicates() + result.wrong() + result.refused()).isZero();
            // Every answer is timed, each from just before its send call.
            assertThat(rtts).hasSize((int) result.answered()).allSatisfy(rtt -> assertThat(rtt).isPositive());
            // A worker counts a reply just after sending it: read the counts once close() has joined it.
            server.close();
            long replied = server.counts().get(ServerCounter.REPLIED);
            assertThat(replied).isEqualTo(result.sentTotal()).isEqualTo(result.receivedTotal());
            // The timed part lasts at least what was asked, and no longer than this test waited for the run.
            double asked = SHORT.toNanos() / 1e9;
            assertThat(result.seconds()).isBetween(asked, wallSeconds);
            // So the rate is at least the replies this test saw timed over all the time it waited, and at most
            // every reply the server sent over the shortest the timed part can last: counts kept outside the result.
            assertThat(result.answeredPerSecond()).isBetween(rtts.size() / wallSeconds, replied / asked);
        }
    }

    @Test
    void anOpenLoopSendsAtItsRateAndReportsProgress() throws IOException {
        List<LoadProgress> reports = new ArrayList<>();
        try (UdpServer server = server("::1", 1)) {
            LoadSettings settings = new LoadSettings(server.localAddress(), new Pacing.OpenLoop(2000, 64), 10,
                    Duration.ofMillis(400), Duration.ofMillis(250), 2, LoadSettings.DEFAULT_TIMEOUT,
                    Duration.ofMillis(100));
            LoadResult result = LoadGenerator.run(settings, RttRecorder.NONE, reports::add);
            // 2000/s for 0.65 s in all is 1300 requests; allow for a slow start on a busy machine.
            assertThat(result.sentTotal()).isBetween(650L, 1400L);
            assertThat(result.answered()).isEqualTo(result.sent());
            // A stall of the machine may leave the window full when requests fall due (notSent): not checked here.
            assertThat(result.lost() + result.wrong()).isZero();
            assertThat(reports).isNotEmpty();
            assertThat(reports.getFirst().warmingUp()).isTrue();
            assertThat(reports.getLast().warmingUp()).isFalse();
        }
    }

    @Test
    @SuppressWarnings("try") // closes the server early, on purpose: see the close() below
    void severalSocketsReachEveryWorker() throws IOException {
        try (UdpServer server = server("127.0.0.1", 2)) {
            LoadSettings settings = new LoadSettings(server.localAddress(), new Pacing.ClosedLoop(32), 16, SHORT,
                    Duration.ZERO, 32, LoadSettings.DEFAULT_TIMEOUT, Duration.ofSeconds(1));
            LoadResult result = LoadGenerator.run(settings, RttRecorder.NONE,
                    ProgressListener.NONE);
            assertThat(result.answered()).isPositive().isEqualTo(result.sent());
            assertThat(result.wrong() + result.lost()).isZero();
            // A worker counts a reply just after sending it: read the counts once close() has joined it.
            server.close();
            assertThat(server.counts().get(ServerCounter.REPLIED)).isEqualTo(result.sentTotal());
            // 32 source ports hash onto both workers (all on one: a chance of 2 in 2^32).
            assertThat(server.countsByWorker()).hasSize(2)
                    .allSatisfy(counts -> assertThat(counts.get(ServerCounter.RECEIVED)).isPositive());
        }
    }

    @Test
    void nobodyListeningIsReportedAsRefused() throws IOException {
        InetSocketAddress nobody;
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            nobody = (InetSocketAddress) probe.getLocalAddress();
        }
        List<Long> rtts = new ArrayList<>();
        LoadResult result = LoadGenerator.run(
                new LoadSettings(nobody, new Pacing.ClosedLoop(1), 8, Duration.ofMillis(200), Duration.ZERO, 1,
                        Duration.ofMillis(100), Duration.ofSeconds(1)),
                rtts::add, ProgressListener.NONE);
        assertThat(result.answered()).isZero();
        assertThat(result.lost()).isEqualTo(result.sent());
        assertThat(result.refused()).isPositive();
        assertThat(rtts).isEmpty();
    }
}
