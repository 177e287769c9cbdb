package org.udpkit.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long to wait for each try: the first wait, multiplied by {@code factor} after every timeout, until
 * a wait would pass {@code giveUpAfterSeconds}. The book's client waits 0.1, 0.2, 0.4, 0.8 and 1.6 s,
 * then says the server is down.
 *
 * @param initialSeconds     the first wait
 * @param factor             how much each wait grows (2 doubles)
 * @param giveUpAfterSeconds the longest single wait that is still tried
 */
public record BackoffPolicy(double initialSeconds, double factor, double giveUpAfterSeconds) {
    public BackoffPolicy {
        if (!(initialSeconds > 0)) {
            throw new IllegalArgumentException("the first wait must be more than 0 seconds, not " + initialSeconds);
        }
        if (!(factor > 1)) {
            throw new IllegalArgumentException("the backoff factor must be more than 1, not " + factor);
        }
        if (!(giveUpAfterSeconds >= initialSeconds)) {
            throw new IllegalArgumentException("the give-up limit (" + giveUpAfterSeconds
                    + " s) must not be below the first wait (" + initialSeconds + " s)");
        }
    }

    /** udp_remote.py's: from 0.1 s, doubling, giving up past 2.0 s. */
    public static BackoffPolicy book() {
        return new BackoffPolicy(0.1, 2.0, 2.0);
    }

    /** The waits in order, in seconds, exactly as the book's loop computes them (so they print the same). */
    public List<Double> waits() {
        List<Double> waits = new ArrayList<>();
        double delay = initialSeconds;
        while (delay <= giveUpAfterSeconds) {
            waits.add(delay);
            delay *= factor;
        }
        return waits;
    }

    public static Duration toDuration(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
