package org.udpkit.perf;

/**
 * Paces a sender at a rate: tokens accrue with time up to {@code capacity}, and each datagram takes one. The
 * sender takes at most a batch per system call, so no burst is larger than one batch; a capacity of some
 * milliseconds' worth lets a sender that was held up (a late wake-up on a busy machine) catch up in back-to-back
 * batches instead of losing rate, and credit beyond it is dropped, so a long stall is not made up for at once.
 */
final class TokenBucket implements Gate {
    private final double tokensPerNano;
    private final double capacity;
    private double tokens;
    private long last;

    TokenBucket(Rate.PerSecond rate, int capacity, long nowNanos) {
        this.tokensPerNano = rate.datagrams() / 1e9;
        this.capacity = capacity;
        this.tokens = 1; // the first datagram goes at once
        this.last = nowNanos;
    }

    /** Takes up to {@code most} whole tokens that have accrued by {@code nowNanos}; returns how many. */
    @Override
    public int take(long nowNanos, int most) {
        tokens = Math.min(capacity, tokens + (nowNanos - last) * tokensPerNano);
        last = nowNanos;
        int granted = (int) Math.min(most, Math.floor(tokens));
        tokens -= granted;
        return granted;
    }

    /** Nanoseconds from the last {@link #take} until {@code count} tokens will have accrued. */
    @Override
    public long nanosUntil(int count) {
        return (long) Math.ceil(Math.max(0, count - tokens) / tokensPerNano);
    }
}
