package org.udpkit.server;

import java.util.SplittableRandom;

/**
 * One datagram's fate under a {@link Faults} set, drawn from a generator seeded for one worker and one
 * {@link FaultDirection}, and counted: the one piece of deciding code that requests ({@link FaultyRequests})
 * and replies ({@link FaultyReplies}) share. Five numbers are drawn per datagram whatever they decide, so a
 * seed repeats its decisions for the same sequence of datagrams. One worker's thread only.
 */
final class FaultDraws {
    /** What happens to the datagram now; {@link #duplicate()} and {@link #delayNanos()} say the rest. */
    enum Fate {
        /** Gone. */
        DROPPED,
        /** Held for {@link #delayNanos()}. */
        DELAYED,
        /** Held until a later datagram has gone through. */
        HELD_FOR_REORDER,
        /** Goes through now. */
        PASSED
    }

    private final Faults faults;
    private final FaultDirection direction;
    private final SplittableRandom random;
    private final WorkerCounters counters;
    private boolean duplicate;
    private long delayNanos;

    FaultDraws(Faults faults, FaultDirection direction, int worker, WorkerCounters counters) {
        this.faults = faults;
        this.direction = direction;
        this.random = new SplittableRandom(direction.generatorSeed(faults.seed(), worker));
        this.counters = counters;
    }

    /**
     * Draws the next datagram's fate and counts it (all but a reorder, counted by {@link #countReordered()} once
     * a later datagram has overtaken it). {@code canHold} is false while one is already held for reordering.
     */
    Fate next(boolean canHold) {
        double dropDraw = random.nextDouble();
        double delayDraw = random.nextDouble();
        double reorderDraw = random.nextDouble();
        double duplicateDraw = random.nextDouble();
        double jitterDraw = random.nextDouble();
        if (dropDraw < faults.drop()) {
            counters.increment(direction.dropped);
            duplicate = false;
            return Fate.DROPPED;
        }
        duplicate = duplicateDraw < faults.duplicate();
        if (duplicate) {
            counters.increment(direction.duplicated);
        }
        if (delayDraw < faults.delayProbability() && faults.delay().isPositive()) {
            counters.increment(direction.delayed);
            delayNanos = faults.delay().toNanos() + Math.round(faults.jitter().toNanos() * (2 * jitterDraw - 1));
            return Fate.DELAYED;
        }
        if (reorderDraw < faults.reorder() && canHold) {
            return Fate.HELD_FOR_REORDER;
        }
        return Fate.PASSED;
    }

    /** Whether the datagram just drawn goes twice. */
    boolean duplicate() {
        return duplicate;
    }

    /** How long the datagram just drawn waits, when {@link Fate#DELAYED}. */
    long delayNanos() {
        return delayNanos;
    }

    /** A datagram held for reordering was overtaken by a later one. */
    void countReordered() {
        counters.increment(direction.reordered);
    }

    Faults faults() {
        return faults;
    }
}
