package org.udpkit.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.ReceivedDatagram;
import org.udpkit.server.HandlerCounters;

import static org.assertj.core.api.Assertions.assertThat;

/** When the lines a server prints reach its output: whole batches, in order, flushed as the output needs. */
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

    @Test
    void onATerminalEachBatchIsFlushedAtItsEndAndNotBefore() {
        try (BatchPrinter printer = new BatchPrinter(out, new BatchPrinter.Flushing.AtEachBatch())) {
            DatagramHandler worker = echoing(printer);
            handle(worker, "one", "two");
            assertThat(writtenLines()).isEmpty();
            worker.batchEnded();
            assertThat(writtenLines()).containsExactly("one", "two");
            handle(worker, "three");
            worker.batchEnded();
            assertThat(writtenLines()).containsExactly("one", "two", "three");
        }
    }

    @Test
    void toAFileLinesWaitForTheTimerOrTheEndAndComeBeforeTheSummary() {
        try (BatchPrinter printer = new BatchPrinter(out, new BatchPrinter.Flushing.Periodic(NEVER))) {
            DatagramHandler worker = echoing(printer);
            handle(worker, "one", "two");
            worker.batchEnded();
            handle(worker, "three");
            worker.batchEnded();
            assertThat(writtenLines()).as("buffered: no system call per batch").isEmpty();
            // What ServerSession does once serving has stopped.
            out.println("Received 3 datagrams");
            out.flush();
            assertThat(writtenLines()).containsExactly("one", "two", "three", "Received 3 datagrams");
        }
    }

    @Test
    void closingFlushes() {
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
            // Waiting for the timer to do what it must; patience for a busy machine, not a time measured.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (writtenLines().size() < 2 && System.nanoTime() - deadline < 0) {
                Thread.sleep(1);
            }
            assertThat(writtenLines()).containsExactly("one", "two");
        }
    }

    @Test
    void aBatchStaysWholeBetweenWorkers() {
        try (BatchPrinter printer = new BatchPrinter(out, new BatchPrinter.Flushing.AtEachBatch())) {
            DatagramHandler first = echoing(printer);
            DatagramHandler second = echoing(printer);
            handle(first, "first 1");
            handle(second, "second 1", "second 2");
            handle(first, "first 2");
            second.batchEnded();
            first.batchEnded();
            assertThat(writtenLines()).containsExactly("second 1", "second 2", "first 1", "first 2");
        }
    }

    @Test
    void aBatchWithNothingPrintedWritesNothing() {
        try (BatchPrinter printer = new BatchPrinter(out, new BatchPrinter.Flushing.AtEachBatch())) {
            echoing(printer).batchEnded();
            assertThat(written.size()).isZero();
        }
    }
}
