package org.udpkit.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpkit.linux.Linux;
import org.udpkit.testing.FaultyPeer;
import org.udpkit.testing.FaultyPeer.Fault;
import org.udpkit.Requirements;
import org.udpkit.testing.FaultyPeer.Plan;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generator against a {@link FaultyPeer} that drops, duplicates, corrupts and delays replies by a
 * seeded draw and counts what it did: every figure of the result is checked against the peer's counts,
 * to the datagram. No speed is asserted; the counts are exact whatever the machine's pace, because the
 * peer counts what it did rather than what the test expected it to do.
 */
class LoadGeneratorFaultTest {
    private static final Duration TIMED = Duration.ofMillis(500);
    private static final Duration PROGRESS = Duration.ofSeconds(1);
    /**
     * Where the peer answers, it answers within microseconds: a timeout this long leaves a busy machine half
     * a second of stalls before a right answer would count as late and the exact counts would not hold.
     */
    private static final Duration GENEROUS_TIMEOUT = Duration.ofMillis(500);

    @BeforeAll
    static void linuxOnly() {
        Requirements.require(Linux.isAvailable(), "native Linux sockets");
    }

    private static LoadSettings closedLoop(FaultyPeer peer, int window, Duration warmup, Duration timeout) {
        return new LoadSettings(peer.address(), new Pacing.ClosedLoop(window), 100, TIMED, warmup, 1, timeout, PROGRESS);
    }

    @ParameterizedTest(name = "window 8 over {0} sockets")
    @ValueSource(ints = {1, 3})
    void aClosedLoopCountsEveryDropDuplicateAndWrongReplyOfTheServer(int sockets) throws IOException {
        List<Long> rtts = new ArrayList<>();
        LoadResult result;
        FaultyPeer peer = FaultyPeer.start(new Plan(0.1, 0.1, 0.05, 0, 7));
        try (peer) {
            LoadSettings settings = new LoadSettings(peer.address(), new Pacing.ClosedLoop(8), 100, TIMED,
                    Duration.ZERO, sockets, GENEROUS_TIMEOUT, PROGRESS);
            result = LoadGenerator.run(settings, rtts::add, ProgressListener.NONE);
        }
        assertThat(peer.count(Fault.DROP)).as("drops").isPositive();
        assertThat(peer.count(Fault.DUPLICATE)).as("duplicates").isPositive();
        assertThat(peer.count(Fault.CORRUPT)).as("corrupted").isPositive();
        // No warm-up: every request is the timed part's, and every one reached the peer.
        assertThat(result.sent()).isEqualTo(result.sentTotal()).isEqualTo(peer.received());
        assertThat(result.answered()).isEqualTo(peer.count(Fault.NONE) + peer.count(Fault.DUPLICATE));
        assertThat(result.duplicates()).isEqualTo(peer.count(Fault.DUPLICATE));
        assertThat(result.wrong()).isEqualTo(peer.count(Fault.CORRUPT));
        // A wrong reply answers nothing: its request is lost, as a dropped one is.
        assertThat(result.lost()).isEqualTo(peer.count(Fault.DROP) + peer.count(Fault.CORRUPT));
        assertThat(result.late()).isZero();
        assertThat(result.answered() + result.lost()).isEqualTo(result.sent());
        assertThat(result.receivedTotal()).isEqualTo(peer.repliesSent());
        assertThat(rtts).hasSize((int) result.answered());
        assertThat(result.lossRatio()).hasValue((double) result.lost() / result.sent());
    }

    @Test
    void aReplyAfterTheTimeoutIsLostAndLateAndNeverTimesAnotherRequest() throws IOException {
        Duration timeout = Duration.ofMillis(300);
        List<Long> rtts = new ArrayList<>();
        LoadResult result;
        FaultyPeer peer = FaultyPeer.start(new Plan(0, 0, 0, 0.2, 11));
        try (peer) {
            // Window 1: the peer sends a delayed reply when the next request comes, which is after the timeout.
            result = LoadGenerator.run(closedLoop(peer, 1, Duration.ZERO, timeout), rtts::add, ProgressListener.NONE);
        }
        assertThat(peer.delayedSent()).as("delayed replies sent").isPositive();
        assertThat(result.sent()).isEqualTo(peer.received());
        assertThat(result.lost()).isEqualTo(peer.count(Fault.DELAY));
        assertThat(result.late()).isEqualTo(peer.delayedSent());
        assertThat(result.answered()).isEqualTo(peer.count(Fault.NONE));
        // Had a late reply been taken for a newer request, that request's own answer would show as a duplicate.
        assertThat(result.duplicates() + result.wrong()).isZero();
        assertThat(result.answered() + result.lost()).isEqualTo(result.sent());
        assertThat(rtts).hasSize((int) result.answered()).allSatisfy(rtt -> assertThat(rtt).isLessThan(timeout.toNanos()));
    }

    @Test
    void anEchoServerGetsEveryReplyCountedWrongEveryRequestLostAndNoRoundTrip() throws IOException {
        List<Long> rtts = new ArrayList<>();
        LoadResult result;
        FaultyPeer peer = FaultyPeer.start(Plan.echo());
        try (peer) {
            result = LoadGenerator.run(closedLoop(peer, 4, Duration.ZERO, Duration.ofMillis(100)), rtts::add,
                    ProgressListener.NONE);
        }
        assertThat(result.sent()).isPositive().isEqualTo(peer.received());
        assertThat(result.wrong()).isEqualTo(result.sent()).isEqualTo(result.receivedTotal());
        assertThat(result.lost()).isEqualTo(result.sent());
        assertThat(result.answered() + result.late() + result.duplicates()).isZero();
        assertThat(rtts).isEmpty();
    }

    @Test
    void warmUpRequestsAreNeitherSentNorLostInTheResult() throws IOException {
        LoadResult result;
        FaultyPeer peer = FaultyPeer.start(Plan.dropAll());
        try (peer) {
            // A window of 4 every timeout: some in the warm-up, some in the timed part.
            result = LoadGenerator.run(closedLoop(peer, 4, Duration.ofMillis(200), Duration.ofMillis(100)),
                    RttRecorder.NONE, ProgressListener.NONE);
        }
        assertThat(result.sentTotal()).isEqualTo(peer.received());
        assertThat(result.sent()).isPositive().isLessThan(result.sentTotal());
        assertThat(result.lost()).isEqualTo(result.sent());
        assertThat(result.lossRatio()).hasValue(1.0);
        assertThat(result.answered()).isZero();
    }

    @Test
    void anOpenLoopSendsOnItsScheduleWhateverComesBack() throws IOException {
        double rate = 2000;
        LoadResult result;
        FaultyPeer peer = FaultyPeer.start(new Plan(0.5, 0, 0, 0, 3));
        try (peer) {
            // Half the requests wait a timeout for nothing: 500 in flight at 2000/s, within the window of 1000.
            LoadSettings settings = new LoadSettings(peer.address(), new Pacing.OpenLoop(rate, 1000), 10, TIMED,
                    Duration.ZERO, 1, GENEROUS_TIMEOUT, PROGRESS);
            result = LoadGenerator.run(settings, RttRecorder.NONE, ProgressListener.NONE);
        }
        assertThat(result.sent()).isEqualTo(peer.received());
        assertThat(result.lost()).isEqualTo(peer.count(Fault.DROP));
        assertThat(result.answered()).isEqualTo(peer.count(Fault.NONE));
        assertThat(result.notSent()).isZero();
        // Every request due went (none skipped), and requests fall due at the rate from the start on; the last
        // ones due before the end went within a poll of it, so only a generator stalled for a tenth of the
        // run could send fewer than this.
        assertThat(result.sent()).isGreaterThan((long) (0.9 * rate * result.seconds()));
    }

    @Test
    void anOpenLoopCountsTheRequestsAFullWindowKeptFromGoing() throws IOException {
        LoadResult result;
        FaultyPeer peer = FaultyPeer.start(Plan.dropAll());
        try (peer) {
            // Two slots in flight for a whole second while 1000 requests a second fall due.
            LoadSettings settings = new LoadSettings(peer.address(), new Pacing.OpenLoop(1000, 2), 10,
                    Duration.ofMillis(300), Duration.ZERO, 1, Duration.ofSeconds(1), PROGRESS);
            result = LoadGenerator.run(settings, RttRecorder.NONE, ProgressListener.NONE);
        }
        assertThat(result.sent()).isEqualTo(2).isEqualTo(peer.received());
        assertThat(result.lost()).isEqualTo(2);
        assertThat(result.notSent()).isPositive();
    }
}
