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
 * the server it measures. The requests a socket has in flight have distinct sizes, so each reply
 * ({@code Your data was N bytes long}) names its request ({@link RequestSlots}); each request is lost
 * if no answer comes within {@link LoadSettings#timeout()}, and each answer's round-trip time goes to a
 * {@link RttRecorder}. Linux only.
 */
public final class LoadGenerator {
    /** Datagrams per system call. */
    public static final int BATCH = 64;

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
        LinuxSocket[] opened = new LinuxSocket[sockets];
        try (Arena arena = Arena.ofConfined()) {
            Lane[] lanes = new Lane[sockets];
            for (int i = 0; i < sockets; i++) {
                opened[i] = LinuxSocket.openUdpFor(settings.target());
                lanes[i] = Lane.open(arena, opened[i], settings.target(), settings.socketWindow(i),
                        settings.payloadBytes(), settings.protocol());
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

    /**
     * Warm-up, timed part, then a drain that follows the timed part's requests to their end: each is
     * answered or times out, so the drain lasts at most one timeout.
     */
    private static LoadResult drive(LoadSettings settings, Lane[] lanes, PollSet poll, RttRecorder rtt,
                                    ProgressListener progress) throws NativeSocketException {
        long start = System.nanoTime();
        long warmupEnd = start + settings.warmup().toNanos();
        long end = warmupEnd + settings.duration().toNanos();
        long timeout = settings.timeout().toNanos();
        Tally tally = new Tally();
        ProgressReports reports = new ProgressReports(progress, start, settings.progressInterval());
        Pacer pacer = Pacer.of(settings.pacing(), start, tally);
        ReplyMatcher matcher = new ReplyMatcher(rtt, tally, timeout);
        long now = start;
        while (now < end) {
            if (!tally.timing() && now >= warmupEnd) {
                tally.startTimedPart(now);
            }
            reports.tick(now, tally);
            int waitMillis = pacer.send(lanes, now, POLL_MILLIS);
            // Never past the end of the warm-up or of the timed part, so that the timed part lasts what was asked.
            now = step(lanes, poll, matcher, tally, timeout, waitMillis, tally.timing() ? end : warmupEnd);
        }
        tally.endTimedPart(now);
        while (tally.outstanding() > 0) {
            now = step(lanes, poll, matcher, tally, timeout, POLL_MILLIS, Long.MAX_VALUE);
        }
        return tally.result();
    }

    /**
     * Waits for replies, at most {@code waitMillis}, no later than the next timeout and, when it is still
     * ahead, {@code boundary}; takes them, and times out the requests due; returns the time after.
     */
    private static long step(Lane[] lanes, PollSet poll, ReplyMatcher matcher, Tally tally, long timeout,
                             int waitMillis, long boundary) throws NativeSocketException {
        long before = System.nanoTime();
        long wakeUp = before + waitMillis * NANOS_PER_MILLI;
        if (boundary - before > 0 && boundary - wakeUp < 0) {
            wakeUp = boundary;
        }
        for (Lane lane : lanes) {
            wakeUp = lane.slots().nextDeadline(timeout, wakeUp);
        }
        // Rounded up: waking a little late to time a request out only delays freeing its slot, not its count.
        int ready = poll.await((int) Math.max(0, (wakeUp - before + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI));
        for (int i = 0; ready > 0 && i < lanes.length; i++) {
            if (poll.ready(i)) {
                matcher.receive(lanes[i]);
            }
        }
        long now = System.nanoTime();
        for (Lane lane : lanes) {
            lane.timeOut(now, timeout, tally);
        }
        return now;
    }
}
