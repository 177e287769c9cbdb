package org.udpkit.cli;

import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.ReceivedDatagram;
import org.udpkit.server.HandlerCounters;
import org.udpkit.server.UdpServer;

/**
 * A server's lines, printed a batch at a time. Each worker's handlers print into that worker's own
 * buffer; when the transport says a batch ended ({@link DatagramHandler#batchEnded()}), the batch's lines
 * go to {@code out} in one write, so a batch stays whole and in order even with several workers, and
 * {@code out}'s buffer turns many lines into one system call. (Printing with {@code println} on an
 * autoflushing writer cost one {@code write(2)} per datagram.)
 *
 * <p>When is {@code out} flushed: see {@link Flushing}. Serving ends with every batch written, so the
 * summary printed after it comes last, and its flush takes the lines along; {@link #close()} flushes too.
 *
 * <p>A reader that does not keep up blocks the write, and with it the worker, as {@code println} did
 * before: no worse, and at most one batch per worker waits in memory. (Full pipes are another issue's.)
 */
final class BatchPrinter implements AutoCloseable {
    /** How often a file or a pipe gets what was printed at the latest. */
    static final Duration FLUSH_PERIOD = Duration.ofMillis(100);

    private final PrintWriter out;
    private final Flushing flushing;
    /** Stops what flushes {@code out} every period, if anything does. */
    private final Runnable stopTimer;

    /** Makes one worker's handlers, which print their lines with {@code lines}. */
    @FunctionalInterface
    interface HandlerFactory {
        DatagramHandler forWorker(Consumer<String> lines, HandlerCounters counters);
    }

    /** When the lines reach the reader. */
    sealed interface Flushing {
        /** A terminal's: each batch is flushed at its end, so a person sees all its lines at once. */
        record AtEachBatch() implements Flushing {
        }

        /**
         * A file's or a pipe's: {@code out} flushes when its buffer is full, and a timer flushes it every
         * {@code period}, so a line waits no longer than that, even when the server falls idle.
         */
        record Periodic(Duration period) implements Flushing {
        }

        /** For standard output: {@link AtEachBatch} on a terminal, else {@link Periodic} every {@link #FLUSH_PERIOD}. */
        static Flushing forStandardOutput() {
            return Terminal.STDOUT.isTerminal() ? new AtEachBatch() : new Periodic(FLUSH_PERIOD);
        }
    }

    BatchPrinter(PrintWriter out, Flushing flushing) {
        this.out = out;
        this.flushing = flushing;
        this.stopTimer = switch (flushing) {
            case Flushing.AtEachBatch atEachBatch -> () -> { };
            case Flushing.Periodic periodic -> {
                ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("udpkit-flush").daemon(true).factory());
                long nanos = periodic.period().toNanos();
                // out's lock keeps a flush from cutting into a batch being written.
                timer.scheduleWithFixedDelay(out::flush, nanos, nanos, TimeUnit.NANOSECONDS);
                yield timer::shutdownNow;
            }
        };
    }

    /** The factory a server takes: one worker's handlers from {@code handlers}, printing through this. */
    UdpServer.HandlerFactory printing(HandlerFactory handlers) {
        return counters -> new WorkerLines(handlers, counters);
    }

    /** Stops the timer and flushes what is left. */
    @Override
    public void close() {
        stopTimer.run();
        out.flush();
    }

    /** One worker's handler chain and the lines it printed for the batch being handled. */
    private final class WorkerLines implements DatagramHandler {
        private final CharArrayWriter batch = new CharArrayWriter(8192);
        private final DatagramHandler chain;

        WorkerLines(HandlerFactory handlers, HandlerCounters counters) {
            this.chain = handlers.forWorker(this::print, counters);
        }

        private void print(String line) {
            // As println ends a line.
            batch.append(line).append(System.lineSeparator());
        }

        @Override
        public boolean handle(ReceivedDatagram request, ByteBuffer reply) {
            return chain.handle(request, reply);
        }

        @Override
        public boolean sourceProven() {
            return chain.sourceProven();
        }

        @Override
        public void batchEnded() {
            chain.batchEnded();
            if (batch.size() == 0) {
                return;
            }
            try {
                batch.writeTo(out);
            } catch (IOException impossible) {
                // A PrintWriter never throws: it keeps its errors for checkError().
                throw new UncheckedIOException(impossible);
            }
            batch.reset();
            if (flushing instanceof Flushing.AtEachBatch) {
                out.flush();
            }
        }
    }
}
