package org.udpkit.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults a server injects into its replies ({@link ServerOptions#withReplyFaults}) or into its requests before
 * its handler sees them ({@link ServerOptions#withRequestFaults}), so that a client can be tested against a
 * misbehaving peer, repeatably: each datagram is, by a draw from a generator seeded with {@link #seed},
 * dropped, delayed, duplicated or held back so that the next one overtakes it. Every reply still leaves from
 * the server's own socket, so a connected client takes it; a request delayed, duplicated or reordered is handed
 * to the handler later (or again) on the worker's own thread.
 *
 * <p>For each datagram five numbers are drawn, whatever they decide, so one seed gives the same decisions
 * for the same sequence of datagrams: dropped with probability {@code drop} (then nothing else happens);
 * otherwise delayed with probability {@code delayProbability}: held for {@code delay} plus a uniform jitter in
 * [-{@code jitter}, +{@code jitter}]; otherwise, with probability {@code reorder}, held until the next one has
 * gone through (or {@link #REORDER_HOLD_LIMIT} has passed), unless one is already held; and, independently,
 * with probability {@code duplicate}, sent (or handed) twice, the copy right after the original. Requests and
 * replies draw unrelated sequences from the same seed.
 *
 * @param drop              probability that a datagram is dropped
 * @param delayProbability  probability that a datagram is delayed; meaningful when {@code delay} is above zero
 * @param delay             how long a delayed datagram is held, at most {@link #MAX_DELAY}
 * @param jitter            spread around {@code delay}, at most {@code delay}
 * @param duplicate         probability that a datagram goes twice
 * @param reorder           probability that a datagram is overtaken by the next
 * @param seed              the generator's seed; each worker draws from its own generator, seeded from this
 */
public record Faults(double drop, double delayProbability, Duration delay, Duration jitter, double duplicate,
                     double reorder, long seed) {
    /** The longest delay: faults are for tests, and a reply held longer than this is lost to any client. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(60);
    /** How long a reply held for reordering waits for a later one to overtake it before it goes anyway. */
    public static final Duration REORDER_HOLD_LIMIT = Duration.ofSeconds(1);

    public Faults {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(jitter, "jitter");
        checkProbability("drop", drop);
        checkProbability("delay", delayProbability);
        checkProbability("duplicate", duplicate);
        checkProbability("reorder", reorder);
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("the delay must be 0 to " + MAX_DELAY.toSeconds() + " s, not " + delay);
        }
        if (jitter.isNegative() || jitter.compareTo(delay) > 0) {
            throw new IllegalArgumentException("the jitter must be 0 to the delay (" + delay.toMillis() + " ms), not "
                    + jitter.toMillis() + " ms");
        }
    }

    private static void checkProbability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("the " + what + " probability must be between 0 and 1, not " + p);
        }
    }

    /** No fault at all, with {@code seed}: start from this and add faults with the {@code with...} methods. */
    public static Faults none(long seed) {
        return new Faults(0, 0, Duration.ZERO, Duration.ZERO, 0, 0, seed);
    }

    /** Whether any fault can happen at all; a server without one pays nothing for this feature. */
    public boolean any() {
        return drop > 0 || (delayProbability > 0 && delay.isPositive()) || duplicate > 0 || reorder > 0;
    }

    public Faults withDrop(double p) {
        return new Faults(p, delayProbability, delay, jitter, duplicate, reorder, seed);
    }

    /** Delays a fraction {@code p} of replies by {@code delay} ± {@code jitter}. */
    public Faults withDelay(double p, Duration delay, Duration jitter) {
        return new Faults(drop, p, delay, jitter, duplicate, reorder, seed);
    }

    public Faults withDuplicate(double p) {
        return new Faults(drop, delayProbability, delay, jitter, p, reorder, seed);
    }

    public Faults withReorder(double p) {
        return new Faults(drop, delayProbability, delay, jitter, duplicate, p, seed);
    }

    public Faults withSeed(long value) {
        return new Faults(drop, delayProbability, delay, jitter, duplicate, reorder, value);
    }
}
