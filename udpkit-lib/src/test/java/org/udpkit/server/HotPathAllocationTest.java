package org.udpkit.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Optional;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.udpkit.Requirements;
import org.udpkit.linux.Linux;
import org.udpkit.protocol.IdHandler;
import org.udpkit.protocol.IdProtocol;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.protocol.SharedKey;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guards cost the hot path no allocation: with every loop guard, the amplification cap and both
 * budgets on, the serving thread allocates nothing per datagram over 100,000 datagrams, with the book's
 * protocol and with the ID protocol's HMAC tags checked and written (read from
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}). A correctness check, not a speed one.
 * ({@link AllocationMeter}).
 */
@Timeout(120)
class HotPathAllocationTest {
    /** Enough for the JIT to compile the loop: until it has, the interpreted loop allocates. */
    private static final int WARM_UP = 200_000;
    private static final int MEASURED = 100_000;
    /** Allowed per datagram: a stray allocation now and then (a timer, a safepoint's bookkeeping), not one per datagram. */
    private static final double MOST_BYTES_PER_DATAGRAM = 0.5;

    /** The protocols served: the book's, and the ID protocol with a key (its request made once, sent every time). */
    enum Served {
        BOOK, IDS_WITH_KEY;

        private static final SharedKey KEY = SharedKey.of("thirty-two bytes of a test's key".getBytes(US_ASCII));

        UdpServer.HandlerFactory handlers() {
            return switch (this) {
                case BOOK -> counters -> new LengthProtocol();
                case IDS_WITH_KEY -> counters -> new IdHandler(new LengthProtocol(), Optional.of(KEY), counters);
            };
        }

        ByteBuffer request() {
            byte[] payload = new byte[64 - IdProtocol.HEADER_BYTES - IdProtocol.TAG_BYTES];
            return ByteBuffer.wrap(switch (this) {
                case BOOK -> new byte[64];
                case IDS_WITH_KEY -> IdProtocol.keyed(KEY).datagram(IdProtocol.Kind.REQUEST, 42, 1, payload);
            });
        }
    }

    @ParameterizedTest
    @CsvSource({"LINUX_BATCHED, BOOK", "JDK, BOOK", "LINUX_BATCHED, IDS_WITH_KEY", "JDK, IDS_WITH_KEY"})
    void theGuardedHotPathAllocatesNothingPerDatagram(TransportKind transport, Served served) throws Exception {
        if (transport == TransportKind.LINUX_BATCHED) {
            Requirements.require(Linux.isAvailable(), "the batched transport: " + Linux.whyUnavailable().orElse(""));
        }
        AllocationMeter threads = new AllocationMeter();
        ServerOptions options = ServerOptions.defaults().withTransport(transport)
                .withLimits(ReplyLimits.defaults().withAmplification(LimitMode.ON).withBudget(LimitMode.ON)
                        .withPerSource(ReplyLimits.MAX_RATE).withPerPrefix(ReplyLimits.MAX_RATE));
        try (UdpServer server = UdpServer.openPerWorker(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                served.handlers(), options).start();
             DatagramChannel client = DatagramChannel.open()) {
            client.connect(server.localAddress());
            long serving = servingThread(server).threadId();
            ByteBuffer request = served.request();
            send(client, server, request, WARM_UP);
            // A batch's received datagrams are counted before its replies are sent and counted: read the counts
            // once every reply so far is counted, before and after.
            ServerCounts before = repliedToAll(server);
            long bytesBefore = threads.getThreadAllocatedBytes(serving);
            send(client, server, request, MEASURED);
            ServerCounts after = repliedToAll(server);
            long bytes = threads.getThreadAllocatedBytes(serving) - bytesBefore;
            long datagrams = after.get(ServerCounter.RECEIVED) - before.get(ServerCounter.RECEIVED);
            long replied = after.get(ServerCounter.REPLIED) - before.get(ServerCounter.REPLIED);
            double perDatagram = (double) bytes / datagrams;
            System.out.printf("hot path (%s, %s, guards on): %d bytes allocated over %d datagrams (%d replied): %.4f bytes"
                    + " per datagram%n", transport.label(), served, bytes, datagrams, replied, perDatagram);
            assertThat(datagrams).isEqualTo(MEASURED);
            assertThat(replied).as("the guards let every reply through: they were checked, not skipped; %s", after).isEqualTo(MEASURED);
            assertThat(perDatagram).isLessThan(MOST_BYTES_PER_DATAGRAM);
        }
    }

    /** The counts once the server has replied to everything it received (or {@link Await#PATIENCE} ran out). */
    private static ServerCounts repliedToAll(UdpServer server) throws Exception {
        return Await.until(server::counts, c -> c.get(ServerCounter.REPLIED) == c.get(ServerCounter.RECEIVED));
    }

    /** Sends {@code request} {@code count} times, in steps the server keeps up with, so that none is lost. */
    private static void send(DatagramChannel client, UdpServer server, ByteBuffer request, int count) throws Exception {
        long start = server.counts().get(ServerCounter.RECEIVED);
        ByteBuffer drain = ByteBuffer.allocate(100);
        client.configureBlocking(false);
        for (int i = 1; i <= count; i++) {
            client.write(request.clear());
            if (i % 100 == 0) {
                awaitReceived(server, start + i);
                while (client.receive(drain.clear()) != null) {
                    // The replies are not what is measured; read so they do not pile up.
                }
            }
        }
    }

    /**
     * Waits for the server to have received {@code count}, spinning rather than sleeping: a server woken
     * often runs its loop often, with small batches, so the JIT compiles it sooner. Bounded by {@link Await#PATIENCE}.
     */
    private static void awaitReceived(UdpServer server, long count) {
        long deadline = System.nanoTime() + Await.PATIENCE.toNanos();
        while (server.counts().get(ServerCounter.RECEIVED) < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the server received " + server.counts().get(ServerCounter.RECEIVED)
                        + " of " + count + " datagrams");
            }
            Thread.onSpinWait();
        }
    }

    private static Thread servingThread(UdpServer server) {
        String name = "udpkit-server-" + server.localAddress().getPort();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread named " + name));
    }
}
