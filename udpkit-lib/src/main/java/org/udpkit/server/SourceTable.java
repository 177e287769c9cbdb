package org.udpkit.server;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A fixed-size table of sources (an address, or a prefix) with what a server knows of each: bytes received
 * and sent (the amplification cap), whether the source has proved it receives our replies, and a token
 * bucket of replies kept as one theoretical arrival time (GCRA, the generic cell rate algorithm). Set
 * associative: a key lives in one bucket of {@link #PROBE} slots, chosen by a seeded hash; when all its slots
 * are taken, the one seen longest ago is forgotten, so a flood of sources costs no memory, only the
 * forgetting (a forgotten source starts afresh, with a full bucket and no allowance). Keys are IPv6
 * addresses as two longs (IPv4 mapped). Allocates nothing after construction. One thread at a time per
 * bucket: a worker's own table, or the lock {@link ReplyBudgets} keeps for the bucket.
 */
final class SourceTable {
    /** Slots a key may be in, one bucket: a probe reads at most this many. */
    static final int PROBE = 8;
    private static final int BUCKET_SHIFT = Integer.numberOfTrailingZeros(PROBE);

    private final int mask;
    private final long hashSeed;
    private final boolean[] used;
    private final long[] keyHigh;
    private final long[] keyLow;
    private final long[] lastSeen;
    private final long[] received;
    private final long[] sent;
    private final boolean[] proven;
    private final long[] arrival;

    /** @param capacity a power of two */
    SourceTable(int capacity) {
        if (capacity < PROBE || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("a source table's capacity is a power of two of at least " + PROBE
                    + ", not " + capacity);
        }
        mask = capacity - 1;
        // A seed per table, so that nobody can pick sources that all land in one probe.
        hashSeed = ThreadLocalRandom.current().nextLong();
        used = new boolean[capacity];
        keyHigh = new long[capacity];
        keyLow = new long[capacity];
        lastSeen = new long[capacity];
        received = new long[capacity];
        sent = new long[capacity];
        proven = new boolean[capacity];
        arrival = new long[capacity];
    }

    /** The bucket of the source {@code high:low}: the {@link #PROBE} slots it can be in. */
    int bucket(long high, long low) {
        return hash(high, low) >>> BUCKET_SHIFT;
    }

    /** The slot of the source {@code high:low}, made afresh (or in place of the stalest) if it has none. */
    int locate(long high, long low, long now) {
        int first = bucket(high, low) << BUCKET_SHIFT;
        int stalest = first;
        for (int i = 0; i < PROBE; i++) {
            int slot = first + i;
            if (!used[slot]) {
                return claim(slot, high, low, now);
            }
            if (keyHigh[slot] == high && keyLow[slot] == low) {
                lastSeen[slot] = now;
                return slot;
            }
            if (lastSeen[slot] - lastSeen[stalest] < 0) {
                stalest = slot;
            }
        }
        return claim(stalest, high, low, now);
    }

    private int claim(int slot, long high, long low, long now) {
        used[slot] = true;
        keyHigh[slot] = high;
        keyLow[slot] = low;
        lastSeen[slot] = now;
        received[slot] = 0;
        sent[slot] = 0;
        proven[slot] = false;
        arrival[slot] = now;
        return slot;
    }

    private int hash(long high, long low) {
        long h = (high * 0x9E3779B97F4A7C15L) ^ low ^ hashSeed;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    void addReceived(int slot, long bytes) {
        received[slot] += bytes;
    }

    void addSent(int slot, long bytes) {
        sent[slot] += bytes;
    }

    /** Whether {@code bytes} more would keep what was sent within {@code factor} times what was received. */
    boolean withinAmplification(int slot, long bytes, int factor) {
        return proven[slot] || sent[slot] + bytes <= factor * received[slot];
    }

    void prove(int slot) {
        proven[slot] = true;
    }

    /** Whether the bucket has a reply left now: a burst of {@code burst} at most, refilled one per {@code intervalNanos}. */
    boolean hasToken(int slot, long now, long intervalNanos, int burst) {
        long tolerance = (burst - 1) * intervalNanos;
        return Math.max(arrival[slot], now) - now <= tolerance;
    }

    /** Spends one reply of the bucket, which {@link #hasToken} said it had. */
    void takeToken(int slot, long now, long intervalNanos) {
        arrival[slot] = Math.max(arrival[slot], now) + intervalNanos;
    }
}
