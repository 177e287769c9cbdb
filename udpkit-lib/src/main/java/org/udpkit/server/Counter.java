package org.udpkit.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count written by one thread (a transport's loop) and read by any: increments are plain adds
 * published with release semantics, so the hot path pays no atomic instruction.
 */
public final class Counter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    @SuppressWarnings("unused") // accessed through VALUE
    private long value;

    public Counter(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Only the owning thread may call this. */
    public void increment() {
        add(1);
    }

    /** Only the owning thread may call this. */
    public void add(long delta) {
        VALUE.setRelease(this, (long) VALUE.get(this) + delta);
    }

    public long get() {
        return (long) VALUE.getAcquire(this);
    }

    @Override
    public String toString() {
        return name + "=" + get();
    }
}
