package org.udpkit.load;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.udpkit.linux.Linux;
import org.udpkit.linux.LinuxSocket;
import org.udpkit.linux.MessageVector;
import org.udpkit.linux.NativeSocketException;
import org.udpkit.linux.PollSet;

/**
 * A load generator for servers of the book's protocol, on the same batched native layer as the server
 * ({@link MessageVector}, {@code sendmmsg}/{@code recvmmsg}, one thread), so that it can keep up with
 * the server it measures. Every reply is checked ({@code Your data was N bytes long} with N the
 * request's size) and its round-trip time handed to a {@link RttRecorder}. Linux only.
 */
public final class LoadGenerator {
    /** Datagrams per system call. */
    public static final int BATCH = 64;
    /** How long a socket waits for any reply before it counts its requests in flight as lost. */
    public static final Duration LOST_AFTER = Duration.ofMillis(200);

    private static final int POLL_MILLIS = 50;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private LoadGenerator() {
    }

    /** Why the generator cannot run here (it needs Linux's sendmmsg/recvmmsg and native access); empty when it can. */
    public static Optional<String> whyUnavailable() {
        return Linux.whyUnavailable();
    }

    /**
     * Runs the load described by {@code settings} on the calling thread and returns what it measured.
     *
     * @throws UnsupportedOperationException where {@link #whyUnavailable()} says why
     */
    public static LoadResult run(LoadSettings settings, RttRecorder rtt, ProgressListener progress) throws IOException {
        Linux.ensureAvailable();
        Objects.requireNonNull(rtt);
        Objects.requireNonNull(progress);
        int sockets = settings.sockets();
        int window = settings.pacing().maxInFlight();
        LinuxSocket[] opened = new LinuxSocket[sockets];
        try (Arena arena = Arena.ofConfined()) {
            Lane[] lanes = new Lane[sockets];
            for (int i = 0; i < sockets; i++) {
                opened[i] = LinuxSocket.openUdpFor(settings.target());
                lanes[i] = Lane.open(arena, opened[i], settings.target(),
                        window / sockets + (i < window % sockets ? 1 : 0), settings.payloadBytes());
            }
            return drive(settings, lanes, new PollSet(arena, opened), rtt, progress);
        } finally {
            for (LinuxSocket socket : opened) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    /** Warm-up, timed part, then a short wait for the replies still on their way. */
    private static LoadResult drive(LoadSettings settings, Lane[] lanes, PollSet poll, RttRecorder rtt,
                                    ProgressListener progress) throws NativeSocketException {
        long start = System.nanoTime();
        long warmupEnd = start + settings.warmup().toNanos();
        long end = warmupEnd + settings.duration().toNanos();
        Tally tally = new Tally(start);
        ProgressReports reports = new ProgressReports(progress, start, settings.progressInterval());
        Pacer pacer = Pacer.of(settings.pacing(), start, tally);
        ReplyMatcher matcher = new ReplyMatcher(settings.payloadBytes(), rtt, tally);
        for (Lane lane : lanes) {
            lane.heardAt(start);
        }
        long now = start;
        while (now < end) {
            if (!tally.timing() && now >= warmupEnd) {
                tally.startTimedPart(now);
            }
            reports.tick(now, tally);
            int waitMillis = pacer.send(lanes, now, POLL_MILLIS);
            int ready = poll.await(waitMillis);
            now = System.nanoTime();
            receiveOrGiveUp(lanes, poll, ready, matcher, now);
        }
        tally.endTimedPart(now);
        drain(lanes, poll, matcher, tally, end + LOST_AFTER.toNanos());
        return tally.result();
    }

    /** Takes the replies of the sockets that have some; a socket silent for too long gives up its window. */
    private static void receiveOrGiveUp(Lane[] lanes, PollSet poll, int ready, ReplyMatcher matcher, long now)
            throws NativeSocketException {
        for (int i = 0; i < lanes.length; i++) {
            Lane lane = lanes[i];
            if (ready > 0 && poll.ready(i)) {
                matcher.receive(lane, now);
            } else if (lane.silentFor(LOST_AFTER.toNanos(), now)) {
                lane.giveUp(now);
            }
        }
    }

    /** Collects replies still on their way, until none is in flight or {@code deadline}. */
    private static void drain(Lane[] lanes, PollSet poll, ReplyMatcher matcher, Tally tally, long deadline)
            throws NativeSocketException {
        long now = System.nanoTime();
        while (now < deadline && tally.awaitingReplies()) {
            int ready = poll.await((int) Math.max(1, (deadline - now) / NANOS_PER_MILLI));
            now = System.nanoTime();
            for (int i = 0; ready > 0 && i < lanes.length; i++) {
                if (poll.ready(i)) {
                    matcher.receive(lanes[i], now);
                }
            }
        }
    }
}
