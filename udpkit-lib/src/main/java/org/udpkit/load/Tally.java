package org.udpkit.load;

/**
 * The run's counts, and its phases: one place that decides what counts, so that every figure of the
 * {@link LoadResult} covers the same requests. A request counts if it was sent in the timed part; all
 * that becomes of it (answer, loss, late or duplicate reply) counts with it, even when it happens in the
 * drain after the timed part. Warm-up requests count for nothing, wherever their replies land. Wrong
 * replies and refusals belong to no request: they count from the start of the timed part to the end of
 * the drain.
 */
final class Tally {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private enum Phase { WARM_UP, TIMED, DRAIN }

    private Phase phase = Phase.WARM_UP;
    private long timedStart;
    private long timedEnd;

    private long sentTotal;
    private long receivedTotal;

    private long sent;
    private long answered;
    private long lost;
    private long late;
    private long duplicates;
    private long wrong;
    private long notSent;
    private long refused;

    /** Whether requests sent now belong to the timed part. */
    boolean timing() {
        return phase == Phase.TIMED;
    }

    void startTimedPart(long now) {
        phase = Phase.TIMED;
        timedStart = now;
    }

    /** Ends the timed part: nothing more is sent, and what was sent in it is followed to its end. */
    void endTimedPart(long now) {
        phase = Phase.DRAIN;
        timedEnd = now;
    }

    /** Requests of the timed part neither answered nor lost yet: the drain lasts until there are none. */
    long outstanding() {
        return sent - answered - lost;
    }

    void countSent(int count, boolean inTimedPart) {
        sentTotal += count;
        if (inTimedPart) {
            sent += count;
        }
    }

    void countReceived(int count) {
        receivedTotal += count;
    }

    void countAnswered(boolean inTimedPart) {
        answered += inTimedPart ? 1 : 0;
    }

    void countLost(boolean inTimedPart) {
        lost += inTimedPart ? 1 : 0;
    }

    void countLate(boolean inTimedPart) {
        late += inTimedPart ? 1 : 0;
    }

    void countDuplicate(boolean inTimedPart) {
        duplicates += inTimedPart ? 1 : 0;
    }

    void countWrong() {
        wrong += phase == Phase.WARM_UP ? 0 : 1;
    }

    void countRefused() {
        refused += phase == Phase.WARM_UP ? 0 : 1;
    }

    /** Requests due in the timed part that found every slot of the window busy, and were skipped. */
    void countNotSent(long count) {
        notSent += phase == Phase.TIMED ? count : 0;
    }

    long sentTotal() {
        return sentTotal;
    }

    long receivedTotal() {
        return receivedTotal;
    }

    LoadResult result() {
        return new LoadResult((timedEnd - timedStart) / (double) NANOS_PER_SECOND, sent, answered, lost, late,
                duplicates, wrong, notSent, refused, sentTotal, receivedTotal);
    }
}
