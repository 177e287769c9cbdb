package org.udpkit.server;

import java.util.SplittableRandom;

/**
 * One datagram's fate under a {@link Faults} set, drawn from a generator seeded for one worker and one
 * {@link FaultDirection}, and counted: the one piece of deciding code that requests ({@link FaultyRequests})
 * and replies ({@link FaultyReplies}) share; each keeps what is held its own way ({@link Hold}). Five numbers are drawn per datagram whatever they decide, so a
 * seed repeats its decisions for the same sequence of datagrams. One worker's thread only.
 */
final class FaultDraws<H> {
    /**
     * Where a stage keeps the datagram being decided, the part that differs between requests and replies: a
     * copy held for later, and a copy to follow once the batch is out.
     */
    interface Hold<H> {
        /** Keeps a copy of the datagram being decided, to go {@code copies} times at {@code due}; returns it. */
        H hold(int copies, long due);

        /** A copy of the datagram being decided goes once more, after this batch. */
        void followBatch();

        /** {@code held} was overtaken: it follows this batch. False when it is gone already (its time ran out). */
        boolean overtaken(H held);
    }

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
    /** The datagram held for reordering, until a later one has gone through, and when its hold ends. */
    private H reordering;
    private long reorderingDue;

    FaultDraws(Faults faults, FaultDirection direction, int worker, WorkerCounters counters) {
        this.faults = faults;
        this.direction = direction;
        this.random = new SplittableRandom(direction.generatorSeed(faults.seed(), worker));
        this.counters = counters;
    }

    /**
     * Decides the fate of the datagram {@code hold} holds the copies of, at {@code now}: whether it goes through
     * now; held copies and a later one's overtaking go through {@code hold}. A datagram held for reordering is
     * overtaken, and counted, when a later one goes through: decided then, not at the batch's end, so that which
     * are reordered depends on the datagrams alone, not on how the kernel batched them.
     */
    boolean admit(long now, Hold<H> hold) {
        if (reordering != null && reorderingDue - now < 0) {
            // Its time limit passed with nothing to overtake it: it goes, or has gone, as held, not reordered.
            reordering = null;
        }
        Fate fate = next(reordering == null);
        int copies = duplicate ? 2 : 1;
        switch (fate) {
            case DROPPED -> {
                return false;
            }
            case DELAYED -> {
                hold.hold(copies, now + delayNanos);
                return false;
            }
            case HELD_FOR_REORDER -> {
                reorderingDue = now + Faults.REORDER_HOLD_LIMIT.toNanos();
                reordering = hold.hold(copies, reorderingDue);
                return false;
            }
            case PASSED -> {
                if (duplicate) {
                    hold.followBatch();
                }
                if (reordering != null) {
                    if (hold.overtaken(reordering)) {
                        counters.increment(direction.reordered);
                    }
                    reordering = null;
                }
                return true;
            }
        }
        throw new AssertionError(fate);
    }

    /**
     * Draws the next datagram's fate and counts it (all but a reorder, counted once a later datagram has
     * overtaken it). {@code canHold} is false while one is already held for reordering.
     */
    private Fate next(boolean canHold) {
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

    Faults faults() {
        return faults;
    }
}
