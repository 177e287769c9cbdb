package org.udpkit.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One worker's counts, written only by that worker's thread and read by any. An increment is a plain add
 * published with release semantics, so the hot path pays no atomic instruction; a reader takes a
 * {@link ServerCounts} snapshot.
 */
final class WorkerCounters implements HandlerCounters {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final ServerCounter[] ALL = ServerCounter.values();

    private final long[] values = new long[ALL.length];

    /** Only the owning worker's thread may call this. */
    void add(ServerCounter counter, long delta) {
        int i = counter.ordinal();
        SLOT.setRelease(values, i, (long) SLOT.get(values, i) + delta);
    }

    /** Only the owning worker's thread may call this. */
    void increment(ServerCounter counter) {
        add(counter, 1);
    }

    @Override
    public void countDropped() {
        increment(ServerCounter.DROPPED);
    }

    @Override
    public void countRejected(Rejection why) {
        increment(why.counter());
    }

    /** The counts now, from any thread. */
    ServerCounts snapshot() {
        long[] copy = new long[ALL.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = (long) SLOT.getAcquire(values, i);
        }
        return new ServerCounts(copy);
    }
}
