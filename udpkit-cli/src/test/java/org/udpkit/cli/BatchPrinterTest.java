package org.udpkit.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.ReceivedDatagram;
import org.udpkit.server.HandlerCounters;

import static org.assertj.core.api.Assertions.assertThat;

/** When the lines a server prints reach its output: whole batches, in order, flushed as the output needs. */
@Timeout(60)
class BatchPrinterTest {
    /** Longer than any test: a timer that never fires while one runs. */
    private static final Duration NEVER = Duration.ofDays(1);

    /** What reached the output, as opposed to what still waits in the writer's buffer. */
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    /** Like the CLI's own writer, but without autoflush, which the printer must not rely on. */
    private final PrintWriter out = new PrintWriter(written, false, StandardCharsets.UTF_8);

    private record Datagram(String text) implements ReceivedDatagram {
        @Override
        public ByteBuffer payload() {
            return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public InetSocketAddress sender() {
            return new InetSocketAddress("127.0.0.1", 1060);
        }
    }

    /** A worker's handler that prints the text of each datagram it is given. */
    private static DatagramHandler echoing(BatchPrinter printer) {
        return printer.printing((lines, counters) -> (request, reply) -> {
            lines.accept(((Datagram) request).text());
            return false;
        }).forWorker(HandlerCounters.NONE);
    }

    private static void handle(DatagramHandler worker, String... texts) {
        for (String text : texts) {
            worker.handle(new Datagram(text), ByteBuffer.allocate(0));
        }
    }

    private List<String> writtenLines() {
        return written.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** Waits until {@code count} lines reached the output: patience for a busy machine, not a time measured. */
    private List<String> awaitWritten(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (writtenLines().size() < count && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
        return writtenLines();
    }

    @Test
    void onATerminalEachBatchIsFlushedOnceWrittenAndNotBefore() throws InterruptedException {
        try (BatchPrinter printer = new BatchPrinter(out, new BatchPrinter.Flushing.AtEachBatch())) {
            DatagramHandler worker = echoing(printer);
            handle(worker, "one", "two");
            assertThat(writtenLines()).isEmpty();
            worker.batchEnded();
            assertThat(awaitWritten(2)).containsExactly("one", "two");
            handle(worker, "three");
            worker.batchEnded();
            assertThat(awaitWritten(3)).containsExactly("one", "two", "three");
        }
    }

    @Test
    void toAFileLinesWaitForTheTimerOrTheEndAndComeBeforeTheLastWords() {
        try (BatchPrinter printer = new BatchPrinter(out, new BatchPrinter.Flushing.Periodic(NEVER))) {
            DatagramHandler worker = echoing(printer);
            handle(worker, "one", "two");
            worker.batchEnded();
            handle(worker, "three");
            worker.batchEnded();
            // What ServerFlags does once serving has stopped: the JSON counts, after every line.
            BatchPrinter.Ending ending = printer.finish("{\"counts\":3}" + System.lineSeparator());
            assertThat(ending).isEqualTo(new BatchPrinter.Ending.Written(0));
            assertThat(ending.note()).isEmpty();
            assertThat(writtenLines()).containsExactly("one", "two", "three", "{\"counts\":3}");
        }
    }

    @Test
    void closingWritesAndFlushes() {
        try (BatchPrinter printer = new BatchPrinter(out, new BatchPrinter.Flushing.Periodic(NEVER))) {
            DatagramHandler worker = echoing(printer);
            handle(worker, "one");
            worker.batchEnded();
        }
        assertThat(writtenLines()).containsExactly("one");
    }

    @Test
    void theTimerFlushesAnIdleServersLastBatch() throws InterruptedException {
        try (BatchPrinter printer = new BatchPrinter(out, new BatchPrinter.Flushing.Periodic(Duration.ofMillis(10)))) {
            DatagramHandler worker = echoing(printer);
            handle(worker, "one", "two");
            worker.batchEnded();
            assertThat(awaitWritten(2)).containsExactly("one", "two");
        }
    }

    @Test
    void aBatchStaysWholeBetweenWorkers() throws InterruptedException {
        try (BatchPrinter printer = new BatchPrinter(out, new BatchPrinter.Flushing.AtEachBatch())) {
            DatagramHandler first = echoing(printer);
            DatagramHandler second = echoing(printer);
            handle(first, "first 1");
            handle(second, "second 1", "second 2");
            handle(first, "first 2");
            second.batchEnded();
            first.batchEnded();
            assertThat(awaitWritten(4)).containsExactly("second 1", "second 2", "first 1", "first 2");
        }
    }

    @Test
    void aBatchWithNothingPrintedWritesNothing() {
        try (BatchPrinter printer = new BatchPrinter(out, new BatchPrinter.Flushing.AtEachBatch())) {
            echoing(printer).batchEnded();
            assertThat(printer.finish("")).isEqualTo(new BatchPrinter.Ending.Written(0));
            assertThat(written.size()).isZero();
        }
    }

    /**
     * An output that takes nothing (a pipe nobody reads) holds up the printing thread alone: the worker
     * goes on, what does not fit is counted, and finishing gives up, counting every line that did not get out.
     */
    @Test
    void anOutputThatTakesNothingNeverHoldsUpAWorkerAndEveryLineIsCounted() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            }
        };
        try (BatchPrinter printer = new BatchPrinter(new PrintWriter(stuck, true, StandardCharsets.UTF_8),
                new BatchPrinter.Flushing.AtEachBatch())) {
            DatagramHandler worker = echoing(printer);
            String line = "x".repeat(99);
            // Three times what may wait, in batches of 64 lines: far more than the output would ever hold.
            long batches = 3 * BatchPrinter.MOST_WAITING_CHARS / (64 * 100);
            for (long batch = 0; batch < batches; batch++) {
                for (int i = 0; i < 64; i++) {
                    handle(worker, line);
                }
                worker.batchEnded();
            }
            BatchPrinter.Ending ending = printer.finish("");
            assertThat(ending).isEqualTo(new BatchPrinter.Ending.Stuck(batches * 64));
            assertThat(ending.note()).hasValueSatisfying(note -> assertThat(note)
                    .contains(String.format(java.util.Locale.ROOT, "%,d lines were not printed", batches * 64), "took nothing"));
        } finally {
            release.countDown();
        }
    }
}
