package org.udpkit.perf;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * The pacing every {@link PerfSender} shares: a token bucket (or none, for {@link Rate.Max}) decides how many
 * datagrams may go, the transport's {@link Outlet} stamps and sends them, and intervals are reported as they end.
 */
final class SendLoop {
    /** Below this wait the sender spins: parking overshoots by tens of microseconds. */
    private static final long SPIN_BELOW_NANOS = 50_000;
    /** A paced sender gathers this long's worth of tokens (up to a call's worth) per call, to save system calls. */
    private static final long GATHER_NANOS = 200_000;
    /** A paced sender late by up to this long catches up (a call's worth at a time); later than that, the credit is lost. */
    private static final double CATCH_UP_SECONDS = 0.05;

    /** Where a sender's datagrams go. */
    interface Outlet {
        /** The most datagrams one {@link #send} takes. */
        int perCall();

        /**
         * Stamps datagrams {@code first} .. {@code first + count - 1} with {@code nowNanos} and hands them to the
         * kernel; returns how many it took (fewer when it refused or its queue was full: the loop tries again).
         */
        int send(long first, int count, long nowNanos) throws IOException;

        /** Sends the kernel refused because nothing listened at the receiver (ECONNREFUSED). */
        long refused();
    }

    private SendLoop() {
    }

    static SendSummary run(TestSettings test, Intervals intervals, Outlet outlet) throws IOException {
        long start = System.nanoTime();
        long end = start + test.duration().toNanos();
        Intervals.Clock clock = new Intervals.Clock(intervals, start);
        int perCall = outlet.perCall();
        Gate gate = switch (test.rate()) {
            case Rate.Max max -> new Gate.Open();
            case Rate.PerSecond perSecond -> new TokenBucket(perSecond,
                    Math.clamp((long) (perSecond.datagrams() * CATCH_UP_SECONDS), perCall, Integer.MAX_VALUE), start);
        };
        int gather = switch (test.rate()) {
            case Rate.Max max -> perCall;
            case Rate.PerSecond perSecond -> Math.clamp((long) (perSecond.datagrams() * GATHER_NANOS / 1e9), 1, perCall);
        };
        int size = test.size();
        long sequence = 0;
        long now = start;
        while (now < end) {
            int count = gate.take(now, perCall);
            if (count == 0) {
                waitFor(gate.nanosUntil(gather), end);
                now = System.nanoTime();
                continue;
            }
            sequence += outlet.send(sequence, count, now);
            now = System.nanoTime();
            clock.tick(now, sequence, sequence * size);
        }
        clock.finish(now, sequence, sequence * size);
        return new SendSummary(sequence, sequence * size, now - start, outlet.refused());
    }

    private static void waitFor(long nanos, long end) {
        long until = Math.min(System.nanoTime() + nanos, end);
        long left = until - System.nanoTime();
        if (left > SPIN_BELOW_NANOS) {
            LockSupport.parkNanos(left - SPIN_BELOW_NANOS / 2);
        }
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
