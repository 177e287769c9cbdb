package org.udpkit.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import org.udpkit.server.TransportKind;

import static org.assertj.core.api.Assertions.assertThat;

/** A PerfServer on loopback, serving on a thread of its own, and everything it told its listener. */
final class RunningPerfServer implements AutoCloseable {
    final List<PerfResults> finished = new CopyOnWriteArrayList<>();
    final List<IntervalCount> intervals = new CopyOnWriteArrayList<>();
    final List<PerfClient.Outcome> reversed = new CopyOnWriteArrayList<>();
    private final PerfServer server;
    private final Thread serving;

    private RunningPerfServer(ReceiveOffload offload, TransportKind transport) throws IOException {
        server = PerfServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), offload, transport);
        PerfServerListener listener = new PerfServerListener() {
            @Override
            public void started(TestSettings test, InetSocketAddress client) {
            }

            @Override
            public void finished(TestSettings test, PerfResults results) {
                finished.add(results);
            }

            @Override
            public void reverseFinished(TestSettings test, PerfClient.Outcome outcome) {
                reversed.add(outcome);
            }
        };
        Intervals every = new Intervals.Every(Duration.ofMillis(100), intervals::add);
        serving = Thread.ofPlatform().name("perf-server").start(() -> {
            try {
                server.serve(listener, every);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static RunningPerfServer start(ReceiveOffload offload, TransportKind transport) throws IOException {
        return new RunningPerfServer(offload, transport);
    }

    InetSocketAddress address() throws IOException {
        return server.localAddress();
    }

    TransportKind transport() {
        return server.transport();
    }

    /**
     * {@code list} once it holds an element: the server tells its listener just after it answers, so a client may
     * hold its results a moment before the server's listener does.
     */
    static <T> List<T> once(List<T> list) {
        long patience = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (list.isEmpty() && System.nanoTime() < patience) {
            LockSupport.parkNanos(1_000_000);
        }
        return list;
    }

    /** Stops the server and checks that its thread ended. */
    @Override
    public void close() {
        server.close();
        try {
            serving.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(serving.isAlive()).as("the server stops when closed").isFalse();
    }
}
