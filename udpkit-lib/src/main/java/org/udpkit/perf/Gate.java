package org.udpkit.perf;

/** How many datagrams a sender may send now: all it asks for ({@link Open}), or what a {@link TokenBucket} allows. */
sealed interface Gate permits Gate.Open, TokenBucket {
    /** Takes up to {@code most} datagrams' permission at {@code nowNanos}; returns how many. */
    int take(long nowNanos, int most);

    /** Nanoseconds until {@code count} datagrams may go. */
    long nanosUntil(int count);

    /** No pacing: as fast as the kernel takes datagrams. */
    record Open() implements Gate {
        @Override
        public int take(long nowNanos, int most) {
            return most;
        }

        @Override
        public long nanosUntil(int count) {
            return 0;
        }
    }
}
