package org.udpkit.load;

import java.time.Duration;

/** Tells the {@link ProgressListener} how the run goes, once per interval, with the reply rate since the last time. */
final class ProgressReports {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final ProgressListener listener;
    private final long start;
    private final long every;
    private long next;
    private long lastAt;
    private long lastReceived;

    ProgressReports(ProgressListener listener, long start, Duration interval) {
        this.listener = listener;
        this.start = start;
        this.every = interval.toNanos();
        this.next = start + every;
        this.lastAt = start;
    }

    /** Reports if an interval has passed at {@code now}. */
    void tick(long now, Tally tally) {
        if (now < next) {
            return;
        }
        long received = tally.receivedTotal();
        double seconds = (now - lastAt) / (double) NANOS_PER_SECOND;
        listener.progress(new LoadProgress(!tally.timing(), (now - start) / (double) NANOS_PER_SECOND,
                tally.sentTotal(), received, (received - lastReceived) / seconds));
        lastAt = now;
        lastReceived = received;
        next = now + every;
    }
}
