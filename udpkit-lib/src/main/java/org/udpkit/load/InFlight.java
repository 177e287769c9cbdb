package org.udpkit.load;

/**
 * A socket's requests in flight, oldest first, as the times their round trips started. Replies are
 * matched to requests first-in first-out, which is exact on loopback where a socket's datagrams stay in
 * order. A ring of primitives sized once, so that tracking a request allocates nothing.
 */
final class InFlight {
    private final long[] startedAt;
    private final int mask;
    private int oldest;
    private int count;

    /** Room for {@code window} requests (the ring is the next power of two). */
    InFlight(int window) {
        this.startedAt = new long[Integer.highestOneBit(Math.max(1, window - 1)) << 1];
        this.mask = startedAt.length - 1;
    }

    int count() {
        return count;
    }

    /** Adds the newest request, whose round trip started at {@code time}. */
    void add(long time) {
        startedAt[(oldest + count) & mask] = time;
        count++;
    }

    /** Removes the oldest request, the one a reply answers, and returns when its round trip started. */
    long removeOldest() {
        long time = startedAt[oldest];
        oldest = (oldest + 1) & mask;
        count--;
        return time;
    }

    /** Forgets every request: they are lost. */
    void clear() {
        count = 0;
    }
}
