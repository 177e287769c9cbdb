package org.udpkit.server;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waiting in a test for something that must happen, rather than for a window of time: polls every
 * millisecond (a sleep, not a spin, so the thread being waited for keeps its core) until the condition
 * holds or ten seconds pass, whichever comes first. It returns what it saw last, for the caller to
 * assert on; ten seconds is patience for a busy machine, not a time anything is expected to take.
 */
public final class Await {
    public static final Duration PATIENCE = Duration.ofSeconds(10);

    /** Something to look at; it may throw, e.g. when looking means reading a file. */
    @FunctionalInterface
    public interface Probe<T, E extends Exception> {
        T look() throws E;
    }

    private Await() {
    }

    /** Looks at {@code probe} until what it shows satisfies {@code done}, or patience runs out; returns the last look. */
    public static <T, E extends Exception> T until(Probe<T, E> probe, Predicate<? super T> done)
            throws E, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        T seen = probe.look();
        while (!done.test(seen) && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
            seen = probe.look();
        }
        return seen;
    }
}
