package org.udpkit.cli;

import java.io.CharArrayWriter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.ReceivedDatagram;
import org.udpkit.server.HandlerCounters;
import org.udpkit.server.UdpServer;

/**
 * A server's lines, printed a batch at a time by a thread of their own. Each worker's handlers print into
 * that worker's own buffer; when the transport says a batch ended ({@link DatagramHandler#batchEnded()}),
 * the batch's lines are handed to the printing thread in one piece, so a batch stays whole and in order
 * even with several workers, and {@code out}'s buffer turns many lines into one system call.
 *
 * <p>Printing never holds up serving. A reader that does not keep up (a full pipe that nobody reads)
 * blocks the printing thread alone; the workers go on answering and counting. What waits for it is
 * bounded ({@link #MOST_WAITING_CHARS}): a batch that does not fit is counted as lines not printed,
 * and so is what is still waiting when the server stops ({@link #finish}, which waits at most
 * {@link #FINISH_WAIT}).
 *
 * <p>When is {@code out} flushed: see {@link Flushing}.
 */
final class BatchPrinter implements AutoCloseable {
    /** How often a file or a pipe gets what was printed at the latest. */
    static final Duration FLUSH_PERIOD = Duration.ofMillis(100);
    /**
     * How long a stopping server waits for its output to take what is left. Short, so that the process is
     * gone within a second of SIGTERM: the JVM itself then waits 300 ms more for a thread stuck in a write.
     */
    static final Duration FINISH_WAIT = Duration.ofMillis(250);
    /** Characters waiting for the output at most (2 MiB of heap), whatever the number of workers. */
    static final long MOST_WAITING_CHARS = 1 << 20;

    /** Lines of a batch, handed from a worker to the printing thread. */
    private record Chunk(String text, long lines) {
    }

    /** Tells the printing thread that nothing comes after it. */
    private static final Chunk END = new Chunk("", 0);

    private final PrintWriter out;
    private final Flushing flushing;
    private final LinkedBlockingQueue<Chunk> waiting = new LinkedBlockingQueue<>();
    private final AtomicLong waitingChars = new AtomicLong();
    private final LongAdder notPrinted = new LongAdder();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread printing;
    /** Set by {@link #finish}: what comes after is not printed. */
    private volatile boolean finishing;
    /** The chunk being written, which a stuck output holds. */
    private volatile Chunk writing;
    /** How {@link #finish} ended, once it has. */
    private Ending ending;

    /** Makes one worker's handlers, which print their lines with {@code lines}. */
    @FunctionalInterface
    interface HandlerFactory {
        DatagramHandler forWorker(Consumer<String> lines, HandlerCounters counters);
    }

    /** When the lines reach the reader. */
    sealed interface Flushing {
        /** A terminal's: each batch is flushed once written, so a person sees all its lines at once. */
        record AtEachBatch() implements Flushing {
        }

        /**
         * A file's or a pipe's: {@code out} flushes when its buffer is full, and at the latest {@code period}
         * after a batch was written, so a line waits no longer than that, even when the server falls idle.
         */
        record Periodic(Duration period) implements Flushing {
        }

        /** For standard output: {@link AtEachBatch} on a terminal, else {@link Periodic} every {@link #FLUSH_PERIOD}. */
        static Flushing forStandardOutput() {
            return Terminal.STDOUT.isTerminal() ? new AtEachBatch() : new Periodic(FLUSH_PERIOD);
        }
    }

    /** How printing ended. */
    sealed interface Ending {
        /** Lines that were not printed: they did not fit while the output was slow, or came too late. */
        long linesNotPrinted();

        /** What a person should know of it, if anything: a sentence for stderr. */
        default Optional<String> note() {
            return switch (this) {
                case Written written when written.linesNotPrinted() == 0 -> Optional.empty();
                case Written written -> Optional.of(String.format(Locale.ROOT, "udpkit: %,d lines were not printed:"
                        + " standard output did not keep up", written.linesNotPrinted()));
                case Stuck stuck -> Optional.of(String.format(Locale.ROOT, "udpkit: %,d lines were not printed:"
                        + " standard output took nothing for %d ms (is anyone reading it?)", stuck.linesNotPrinted(),
                        FINISH_WAIT.toMillis()));
            };
        }

        /** Everything handed over was written and flushed, the last words too. */
        record Written(long linesNotPrinted) implements Ending {
        }

        /** The output took nothing for {@link #FINISH_WAIT}: what was waiting, the last words too, is given up. */
        record Stuck(long linesNotPrinted) implements Ending {
        }
    }

    BatchPrinter(PrintWriter out, Flushing flushing) {
        this.out = out;
        this.flushing = flushing;
        // A daemon: one stuck in a write to a pipe nobody reads must not keep the process alive.
        this.printing = Thread.ofPlatform().name("udpkit-print").daemon(true).start(this::print);
    }

    /** The factory a server takes: one worker's handlers from {@code handlers}, printing through this. */
    UdpServer.HandlerFactory printing(HandlerFactory handlers) {
        return counters -> new WorkerLines(handlers, counters);
    }

    /** Lines not printed so far (they did not fit while the output was slow). */
    long linesNotPrinted() {
        return notPrinted.sum();
    }

    /**
     * Ends printing once the workers stopped: writes what waits, then {@code lastWords} (a JSON document,
     * or nothing), and flushes; gives up after {@link #FINISH_WAIT} when the output takes nothing.
     */
    synchronized Ending finish(String lastWords) {
        if (ending != null) {
            return ending;
        }
        finishing = true;
        if (!lastWords.isEmpty()) {
            waiting.add(new Chunk(lastWords, 0));
        }
        waiting.add(END);
        boolean written = false;
        try {
            written = ended.await(FINISH_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!written) {
            // The printing thread stays in its write: what it holds and what waits are counted. (Should the
            // output take the batch in hand right now, one batch is counted that did get out.)
            Chunk stuck = writing;
            if (stuck != null) {
                notPrinted.add(stuck.lines());
            }
            for (Chunk left; (left = waiting.poll()) != null; ) {
                notPrinted.add(left.lines());
            }
        }
        ending = written ? new Ending.Written(notPrinted.sum()) : new Ending.Stuck(notPrinted.sum());
        return ending;
    }

    /** Ends printing, if {@link #finish} did not already. */
    @Override
    public void close() {
        finish("");
    }

    private void print() {
        long flushDue = 0;
        boolean unflushed = false;
        try {
            while (true) {
                Chunk chunk = unflushed
                        ? waiting.poll(Math.max(0, flushDue - System.nanoTime()), TimeUnit.NANOSECONDS)
                        : waiting.take();
                if (chunk == END) {
                    out.flush();
                    ended.countDown();
                    return;
                }
                if (chunk == null) {
                    out.flush();
                    unflushed = false;
                    continue;
                }
                writing = chunk;
                out.write(chunk.text());
                waitingChars.addAndGet(-chunk.text().length());
                switch (flushing) {
                    case Flushing.AtEachBatch atEachBatch -> out.flush();
                    case Flushing.Periodic periodic -> {
                        if (!unflushed) {
                            unflushed = true;
                            flushDue = System.nanoTime() + periodic.period().toNanos();
                        } else if (System.nanoTime() - flushDue >= 0) {
                            out.flush();
                            unflushed = false;
                        }
                    }
                }
                writing = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands a batch's lines over, or counts them when they do not fit or come after the end. */
    private void handOver(CharArrayWriter batch, long lines) {
        int chars = batch.size();
        if (finishing || waitingChars.addAndGet(chars) > MOST_WAITING_CHARS) {
            if (!finishing) {
                waitingChars.addAndGet(-chars);
            }
            notPrinted.add(lines);
            return;
        }
        waiting.add(new Chunk(batch.toString(), lines));
    }

    /** One worker's handler chain and the lines it printed for the batch being handled. */
    private final class WorkerLines implements DatagramHandler {
        /** Small at first: it grows to what a batch prints and stays so, and 1024 quiet workers need none of it. */
        private final CharArrayWriter batch = new CharArrayWriter(256);
        private final DatagramHandler chain;
        private long lines;

        WorkerLines(HandlerFactory handlers, HandlerCounters counters) {
            this.chain = handlers.forWorker(this::print, counters);
        }

        private void print(String line) {
            // As println ends a line.
            batch.append(line).append(System.lineSeparator());
            lines++;
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
            if (lines == 0) {
                return;
            }
            handOver(batch, lines);
            batch.reset();
            lines = 0;
        }
    }
}
