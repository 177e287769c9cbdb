package org.udpkit.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.udpkit.server.ServerCounter;
import org.udpkit.server.ServerCounts;
import org.udpkit.server.UdpServer;

/**
 * A running server's interval lines, as iperf3 prints them: what arrived and what was answered in each
 * period, on stderr (stdout is the book's). A timer thread reads the server's counts; serving never waits on it.
 */
final class ServerIntervals implements AutoCloseable {
    private final ScheduledExecutorService timer;

    private ServerIntervals(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Prints a line every {@code period} until closed. */
    static ServerIntervals every(Duration period, UdpServer server, PrintWriter err) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                runnable -> Thread.ofPlatform().name("udpkit-intervals").daemon(true).unstarted(runnable));
        timer.scheduleAtFixedRate(new Reporter(server, err), period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        return new ServerIntervals(timer);
    }

    /** One line per run, on the timer's thread: the counts since the last line. */
    private static final class Reporter implements Runnable {
        private final UdpServer server;
        private final PrintWriter err;
        private final long start = System.nanoTime();
        private ServerCounts previous = ServerCounts.ZERO;
        private long previousAt = start;

        Reporter(UdpServer server, PrintWriter err) {
            this.server = server;
            this.err = err;
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            ServerCounts counts = server.counts();
            err.println(line(previous, counts, (previousAt - start) / 1e9, (now - start) / 1e9));
            err.flush();
            previous = counts;
            previousAt = now;
        }
    }

    /** None at all. */
    static ServerIntervals none() {
        return new ServerIntervals(null);
    }

    /** {@code    0.00-1.00    s  received        1,234 datagrams    1,234 datagrams/s  replied 1,200  dropped 34}. */
    static String line(ServerCounts before, ServerCounts now, double fromSeconds, double toSeconds) {
        long received = now.get(ServerCounter.RECEIVED) - before.get(ServerCounter.RECEIVED);
        double seconds = Math.max(toSeconds - fromSeconds, 1e-9);
        return String.format(Locale.ROOT, "%7.2f-%-7.2f s  received %,12d datagrams  %,12.0f datagrams/s  replied %,d  dropped %,d",
                fromSeconds, toSeconds, received, received / seconds,
                now.get(ServerCounter.REPLIED) - before.get(ServerCounter.REPLIED),
                now.get(ServerCounter.DROPPED) - before.get(ServerCounter.DROPPED));
    }

    /** No line after this one returns; idempotent. */
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
