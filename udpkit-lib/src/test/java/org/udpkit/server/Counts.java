package org.udpkit.server;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waiting for a server's counts. A worker adds a batch's received datagrams before it sends the batch's
 * replies, and the replies once sent: wait for the counter the test reads, not for another one.
 */
public final class Counts {
    private Counts() {
    }

    /**
     * Waits until {@code counter} reaches {@code value} (or {@link Await#PATIENCE} runs out), then asserts
     * it is exactly that, and returns the counts it saw then.
     */
    public static ServerCounts awaitCount(Supplier<ServerCounts> counts, ServerCounter counter, long value)
            throws InterruptedException {
        ServerCounts now = Await.until(counts::get, seen -> seen.get(counter) >= value);
        assertThat(now.get(counter)).as("%s in %s", counter.label(), now).isEqualTo(value);
        return now;
    }
}
