package org.udpkit.server;

/**
 * Which way a {@link Faults} set acts: on the requests before the handler sees them, or on the replies
 * before they go out. The same deciding code ({@link FaultDraws}) serves both; a direction says what it
 * counts, and mixes its own salt into the seed so that the two draw unrelated sequences from one seed.
 */
enum FaultDirection {
    REQUESTS(ServerCounter.FAULT_DROPPED_REQUESTS, ServerCounter.FAULT_DELAYED_REQUESTS,
            ServerCounter.FAULT_DUPLICATED_REQUESTS, ServerCounter.FAULT_REORDERED_REQUESTS, 0x3C6EF372FE94F82BL),
    REPLIES(ServerCounter.FAULT_DROPPED_REPLIES, ServerCounter.FAULT_DELAYED, ServerCounter.FAULT_DUPLICATED,
            ServerCounter.FAULT_REORDERED, 0);

    final ServerCounter dropped;
    final ServerCounter delayed;
    final ServerCounter duplicated;
    final ServerCounter reordered;
    private final long salt;

    FaultDirection(ServerCounter dropped, ServerCounter delayed, ServerCounter duplicated, ServerCounter reordered,
                   long salt) {
        this.dropped = dropped;
        this.delayed = delayed;
        this.duplicated = duplicated;
        this.reordered = reordered;
        this.salt = salt;
    }

    /**
     * The seed of worker {@code worker}'s generator in this direction: mixed, so that it draws a sequence of its
     * own, unrelated to another worker's, to the other direction's, or to that of a
     * {@link org.udpkit.book.LossyHandler} given the same seed (a SplittableRandom seeded one "gamma" further on
     * would repeat the other's draws one step later).
     */
    long generatorSeed(long seed, int worker) {
        long h = seed ^ 0x6A09E667F3BCC909L ^ salt;
        h += (worker + 1) * 0xBB67AE8584CAA73BL;
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
