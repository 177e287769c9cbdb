package org.udpkit.perf;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Interval reports: none, or one every {@code length} to a listener. The hot loop calls {@link #tick} once per
 * batch with running totals; a report is made (and allocated) only when an interval ends.
 */
public sealed interface Intervals {
    /** No interval reports. */
    record None() implements Intervals {
    }

    /** A report every {@code length}, handed to {@code listener} on the measuring thread. */
    record Every(Duration length, Consumer<IntervalCount> listener) implements Intervals {
        public Every {
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("an interval must be longer than 0, not " + length);
            }
        }
    }

    /** The running state of interval reports for one test, started at {@code startNanos}. */
    final class Clock {
        private final long lengthNanos;
        private final Consumer<IntervalCount> listener;
        private final long startNanos;
        private long intervalStart;
        private long nextEnd;
        private long datagramsAtStart;
        private long bytesAtStart;

        Clock(Intervals intervals, long startNanos) {
            this.startNanos = startNanos;
            this.intervalStart = startNanos;
            switch (intervals) {
                case None none -> {
                    this.lengthNanos = Long.MAX_VALUE;
                    this.listener = count -> { };
                }
                case Every every -> {
                    this.lengthNanos = every.length().toNanos();
                    this.listener = every.listener();
                }
            }
            this.nextEnd = lengthNanos == Long.MAX_VALUE ? Long.MAX_VALUE : startNanos + lengthNanos;
        }

        /** Reports the interval that has ended by {@code nowNanos}, if one has, given the totals so far. */
        void tick(long nowNanos, long datagrams, long bytes) {
            if (nowNanos >= nextEnd) {
                report(nowNanos, datagrams, bytes);
                nextEnd += lengthNanos * Math.max(1, (nowNanos - nextEnd) / lengthNanos + 1);
            }
        }

        /** Reports the last, partial interval at the end of the test, unless it is empty of time. */
        void finish(long nowNanos, long datagrams, long bytes) {
            if (lengthNanos != Long.MAX_VALUE && nowNanos > intervalStart) {
                report(nowNanos, datagrams, bytes);
            }
        }

        private void report(long nowNanos, long datagrams, long bytes) {
            listener.accept(new IntervalCount(intervalStart - startNanos, nowNanos - startNanos,
                    datagrams - datagramsAtStart, bytes - bytesAtStart));
            intervalStart = nowNanos;
            datagramsAtStart = datagrams;
            bytesAtStart = bytes;
        }
    }
}
