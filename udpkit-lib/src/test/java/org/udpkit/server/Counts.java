package org.udpkit.server;

import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting for a server's counts, which a worker publishes just after it sends the replies of a batch. */
final class Counts {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private Counts() {
    }

    /** Waits until {@code counter} reaches {@code value} (or patience runs out), then asserts it is exactly that. */
    static ServerCounts awaitCount(Supplier<ServerCounts> counts, ServerCounter counter, long value) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        ServerCounts now = counts.get();
        while (now.get(counter) < value && System.nanoTime() < deadline) {
            Thread.sleep(1);
            now = counts.get();
        }
        assertThat(now.get(counter)).as(counter.label()).isEqualTo(value);
        return now;
    }
}
