package org.udpkit.load;

/**
 * When each request of an open loop is due: request k at {@code start + k / rate}, whether or not it
 * could be sent then. Its round trip starts at that time, so a stalled server shows in the round-trip
 * times instead of hiding in fewer requests (no coordinated omission). Pure arithmetic on nanoTime
 * values, apart from counting what was sent.
 */
final class OpenLoopSchedule {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final long start;
    private final double nanosPerRequest;
    private long scheduled;

    OpenLoopSchedule(long start, double requestsPerSecond) {
        this.start = start;
        this.nanosPerRequest = NANOS_PER_SECOND / requestsPerSecond;
    }

    /** Index of the next request to send: how many have been sent so far. */
    long next() {
        return scheduled;
    }

    /** How many requests are due at {@code now} and not sent yet (request 0 is due at the start). */
    long due(long now) {
        return (long) ((now - start) / nanosPerRequest) + 1 - scheduled;
    }

    /** When request {@code index} is due, the start of its round trip. */
    long dueAt(long index) {
        return start + (long) (index * nanosPerRequest);
    }

    /** Counts {@code count} more requests as sent (or skipped: they are no longer due). */
    void sent(long count) {
        scheduled += count;
    }

    /** Milliseconds from {@code now} until the next request is due, 0 if it is already, at most {@code atMost}. */
    int millisUntilNextDue(long now, int atMost) {
        return (int) Math.min(atMost, Math.max(0, (dueAt(scheduled) - now) / NANOS_PER_MILLI));
    }
}
