package org.udpkit.perf;

/**
 * Paces a sender at a rate: tokens accrue with time up to {@code capacity} (one batch), and each datagram takes
 * one. Credit beyond a batch is dropped, so a sender that was held up never bursts more than a batch to catch up.
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
