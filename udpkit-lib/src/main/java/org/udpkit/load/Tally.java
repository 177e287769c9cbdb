package org.udpkit.load;

/**
 * The run's counts, and where its timed part starts and ends: one place that turns them into a
 * {@link LoadResult}, so the rate is measured over the timed part and loss over the whole run.
 */
final class Tally {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private long sentTotal;
    private long receivedTotal;
    private long wrongTotal;
    private long refused;

    private boolean timing;
    private long timedStart;
    private long sentBefore;
    private long receivedBefore;
    private long timedEnd;
    private long timedSent;
    private long timedReceived;

    /** A run that starts at {@code start} (System.nanoTime), counted as timed from there until told otherwise. */
    Tally(long start) {
        this.timedStart = start;
    }

    void countSent(int count) {
        sentTotal += count;
    }

    void countReceived(int count) {
        receivedTotal += count;
    }

    void countWrong() {
        wrongTotal++;
    }

    void countRefused() {
        refused++;
    }

    long sentTotal() {
        return sentTotal;
    }

    long receivedTotal() {
        return receivedTotal;
    }

    /** Whether requests are still unanswered (or were given up on). */
    boolean awaitingReplies() {
        return receivedTotal < sentTotal;
    }

    /** Whether the timed part is on: round trips are recorded only then. */
    boolean timing() {
        return timing;
    }

    void startTimedPart(long now) {
        timing = true;
        timedStart = now;
        sentBefore = sentTotal;
        receivedBefore = receivedTotal;
    }

    /** Ends the timed part; what comes back afterwards counts against loss only. */
    void endTimedPart(long now) {
        timedEnd = now;
        timedSent = sentTotal - sentBefore;
        timedReceived = receivedTotal - receivedBefore;
        timing = false;
    }

    LoadResult result() {
        return new LoadResult(timedSent, timedReceived, (timedEnd - timedStart) / (double) NANOS_PER_SECOND,
                sentTotal, Math.max(0, sentTotal - receivedTotal), wrongTotal, refused);
    }
}
