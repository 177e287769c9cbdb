package org.udpkit.server;

import java.net.InetSocketAddress;

/**
 * The per-source and per-prefix reply budgets of one server, shared by all its workers. With SO_REUSEPORT the
 * kernel hands a source's datagrams to a worker by source port, so an address sending from many ports reaches
 * every worker: budgets kept per worker would give it one budget per worker.
 *
 * <p>Each table is a {@link SourceTable} whose buckets are guarded by a fixed set of locks, a bucket's key
 * always found under the same lock; a reply takes its source's lock, then its prefix's (always in that order),
 * so that checking both buckets and spending from both is one step. A lock held for a few dozen nanoseconds,
 * uncontended with one worker; nothing is allocated per datagram.
 */
final class ReplyBudgets {
    /** Sources and prefixes remembered per server: about 1.6 and 0.4 MiB of tables (50 bytes an entry). */
    static final int SOURCE_CAPACITY = 1 << 15;
    static final int PREFIX_CAPACITY = 1 << 13;
    /** Locks per table: enough that workers seldom wait on each other, few enough to cost nothing to keep. */
    private static final int LOCKS = 256;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** What a reply's budgets said. */
    enum Spent {
        /** A token from both buckets: the reply may go. */
        REPLY,
        /** The source's bucket is empty. */
        SOURCE_EMPTY,
        /** The source had a token, its prefix's bucket none. */
        PREFIX_EMPTY
    }

    private final ReplyLimits limits;
    private final SourceTable sources;
    private final SourceTable prefixes;
    private final Object[] sourceLocks = locks();
    private final Object[] prefixLocks = locks();
    private final long sourceInterval;
    private final long prefixInterval;

    /** The budgets of {@code limits} for a server bound to {@code bind}: full tables only where they can apply. */
    ReplyBudgets(ReplyLimits limits, InetSocketAddress bind) {
        this.limits = limits;
        boolean budgeting = limits.budget().canApply(bind.getAddress().isLoopbackAddress());
        this.sources = new SourceTable(budgeting ? SOURCE_CAPACITY : SourceTable.PROBE);
        this.prefixes = new SourceTable(budgeting ? PREFIX_CAPACITY : SourceTable.PROBE);
        this.sourceInterval = NANOS_PER_SECOND / limits.perSource();
        this.prefixInterval = NANOS_PER_SECOND / limits.perPrefix();
    }

    private static Object[] locks() {
        Object[] locks = new Object[LOCKS];
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
        return locks;
    }

    /**
     * Spends a reply to the source {@code high:low} from its bucket and from that of {@code prefixHigh:prefixLow},
     * when both have one at {@code now}; takes nothing otherwise.
     */
    Spent spend(long high, long low, long prefixHigh, long prefixLow, long now) {
        synchronized (sourceLocks[sources.bucket(high, low) & (LOCKS - 1)]) {
            int source = sources.locate(high, low, now);
            if (!sources.hasToken(source, now, sourceInterval, limits.perSource())) {
                return Spent.SOURCE_EMPTY;
            }
            synchronized (prefixLocks[prefixes.bucket(prefixHigh, prefixLow) & (LOCKS - 1)]) {
                int prefix = prefixes.locate(prefixHigh, prefixLow, now);
                if (!prefixes.hasToken(prefix, now, prefixInterval, limits.perPrefix())) {
                    return Spent.PREFIX_EMPTY;
                }
                sources.takeToken(source, now, sourceInterval);
                prefixes.takeToken(prefix, now, prefixInterval);
                return Spent.REPLY;
            }
        }
    }
}
