package org.udpkit.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpkit.protocol.LengthProtocol;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guards' decisions, datagram by datagram, with a clock the test moves: the budget's token buckets
 * are exact, so a source over its budget gets exactly the budget's replies. (The guards on real sockets,
 * on both transports: {@link GoodCitizenTest}.)
 */
@Timeout(10)
class ReplyGuardTest {
    private static final InetSocketAddress SERVER = address("198.18.0.1", 1060);
    private static final InetSocketAddress SOURCE = address("198.18.7.5", 40000);
    private static final long SECOND = 1_000_000_000L;

    private final WorkerCounters counters = new WorkerCounters();
    private long now = 5 * SECOND;
    private final NanoClock clock = () -> now;

    private static InetSocketAddress address(String literal, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(literal), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private ReplyGuard guard(InetSocketAddress local, ReplyLimits limits) {
        return new ReplyGuard(local, limits, FaultStage.NONE, counters, clock);
    }

    /** One request of {@code size} bytes through the guard and the book's protocol: whether its reply goes out. */
    private static boolean exchange(ReplyGuard guard, InetSocketAddress from, int size, boolean proven) {
        ByteBuffer request = ByteBuffer.allocate(size);
        if (!guard.admitRequest(from, request)) {
            return false;
        }
        ByteBuffer reply = ByteBuffer.allocate(LengthProtocol.MAX_REPLY_LENGTH);
        LengthProtocol.writeReply(size, reply);
        return guard.admitReply(reply, proven);
    }

    private static int replies(ReplyGuard guard, InetSocketAddress from, int requests) {
        int replied = 0;
        for (int i = 0; i < requests; i++) {
            replied += exchange(guard, from, 10, false) ? 1 : 0;
        }
        return replied;
    }

    private long count(ServerCounter counter) {
        return counters.snapshot().get(counter);
    }

    @Test
    void aSourceOverItsBudgetGetsExactlyTheBudgetsReplies() {
        ReplyGuard guard = guard(SERVER, ReplyLimits.defaults().withAmplification(LimitMode.OFF).withPerSource(5));
        assertThat(replies(guard, SOURCE, 20)).isEqualTo(5);
        assertThat(count(ServerCounter.WITHHELD_SOURCE_BUDGET)).isEqualTo(15);
        now += SECOND;
        assertThat(replies(guard, SOURCE, 20)).as("a second later: the bucket is full again").isEqualTo(5);
        now += SECOND / 5;
        assertThat(replies(guard, SOURCE, 20)).as("a fifth of a second later: one reply").isEqualTo(1);
        assertThat(count(ServerCounter.WITHHELD_SOURCE_BUDGET)).isEqualTo(15 + 15 + 19);
        assertThat(replies(guard, address("198.18.9.9", 40000), 3)).as("another source has its own budget").isEqualTo(3);
    }

    @Test
    void workersShareOneBudgetPerSourceAndPrefix() {
        // Two workers' guards, as the kernel spreads one address's ports over them: still one budget.
        ReplyLimits limits = ReplyLimits.defaults().withAmplification(LimitMode.OFF).withPerSource(5).withPerPrefix(8);
        ReplyBudgets budgets = new ReplyBudgets(limits, SERVER);
        ReplyGuard first = new ReplyGuard(SERVER, limits, budgets, RequestFaultStage.NONE, FaultStage.NONE, counters, clock);
        ReplyGuard second = new ReplyGuard(SERVER, limits, budgets, RequestFaultStage.NONE, FaultStage.NONE, counters, clock);
        int replied = 0;
        for (int i = 0; i < 20; i++) {
            replied += exchange(i % 2 == 0 ? first : second, address("198.18.7.5", 40000 + i), 10, false) ? 1 : 0;
        }
        assertThat(replied).as("one source over two workers").isEqualTo(5);
        assertThat(count(ServerCounter.WITHHELD_SOURCE_BUDGET)).isEqualTo(15);
        for (int i = 0; i < 20; i++) {
            replied += exchange(i % 2 == 0 ? second : first, address("198.18.7." + (10 + i), 40000), 10, false) ? 1 : 0;
        }
        assertThat(replied).as("its /24 over two workers").isEqualTo(8);
        assertThat(count(ServerCounter.WITHHELD_PREFIX_BUDGET)).isEqualTo(17);
    }

    @Test
    void aPrefixSharesOneBudget() {
        ReplyGuard guard = guard(SERVER, ReplyLimits.defaults().withAmplification(LimitMode.OFF)
                .withPerSource(5).withPerPrefix(8));
        int replied = 0;
        for (int host = 1; host <= 10; host++) {
            replied += replies(guard, address("198.18.7." + host, 40000), 1);
        }
        assertThat(replied).isEqualTo(8);
        assertThat(count(ServerCounter.WITHHELD_PREFIX_BUDGET)).isEqualTo(2);
        assertThat(replies(guard, address("198.18.8.1", 40000), 1)).as("the next /24").isEqualTo(1);
        ReplyGuard v6 = guard(address("2001:db8::1", 1060), ReplyLimits.defaults().withAmplification(LimitMode.OFF)
                .withPerSource(5).withPerPrefix(3));
        int sameSlash56 = replies(v6, address("2001:db8:0:1::7", 1), 1) + replies(v6, address("2001:db8:0:2::7", 1), 1)
                + replies(v6, address("2001:db8:0:ff::7", 1), 1) + replies(v6, address("2001:db8:0:3::7", 1), 1);
        assertThat(sameSlash56).isEqualTo(3);
        assertThat(replies(v6, address("2001:db8:0:100::7", 1), 1)).as("the next /56").isEqualTo(1);
    }

    @Test
    void anUnprovenSourceGetsAtMostThreeTimesItsBytes() {
        ReplyGuard guard = guard(SERVER, ReplyLimits.defaults().withBudget(LimitMode.OFF));
        long received = 0;
        long sent = 0;
        for (int i = 0; i < 1000; i++) {
            int size = i % 2;
            received += size;
            if (exchange(guard, SOURCE, size, false)) {
                sent += LengthProtocol.replyText(size).length();
            }
            assertThat(sent).isLessThanOrEqualTo(3 * received);
        }
        // 500 bytes received: 1500 bytes of 26-byte replies at most.
        assertThat(count(ServerCounter.WITHHELD_AMPLIFICATION)).isEqualTo(1000 - 1500 / 26);
        assertThat(exchange(guard, SOURCE, 0, true)).as("a request that proves its source is answered").isTrue();
        assertThat(exchange(guard, SOURCE, 0, false)).as("and the source stays proven").isTrue();
    }

    @Test
    void loopbackSourcesOfAWildcardServerAreNotLimitedByDefaultButAreWhenAsked() throws UnknownHostException {
        InetSocketAddress wildcard = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 1060);
        ReplyGuard auto = guard(wildcard, ReplyLimits.defaults().withPerSource(1));
        assertThat(exchange(auto, address("127.0.0.1", 40000), 0, false)).isTrue();
        assertThat(replies(auto, address("127.0.0.1", 40000), 5)).isEqualTo(5);
        assertThat(exchange(auto, SOURCE, 0, false)).as("a remote source's empty datagram").isFalse();
        ReplyGuard loopbackServer = guard(address("127.0.0.1", 1060), ReplyLimits.defaults().withPerSource(1));
        assertThat(exchange(loopbackServer, SOURCE, 0, false)).as("a loopback-bound server limits nothing by default").isTrue();
        ReplyGuard on = guard(address("127.0.0.1", 1060), ReplyLimits.defaults().withAmplification(LimitMode.ON));
        assertThat(exchange(on, address("127.0.0.1", 40000), 0, false)).isFalse();
    }

    @Test
    void theLoopGuardsRefuseAndCountEachReason() throws UnknownHostException {
        ReplyGuard guard = guard(SERVER, ReplyLimits.defaults());
        assertThat(exchange(guard, SERVER, 10, false)).as("our own address and port").isFalse();
        assertThat(exchange(guard, address("198.18.7.5", 0), 10, false)).as("port 0").isFalse();
        for (int port : ReflectorPorts.PORTS) {
            assertThat(exchange(guard, address("198.18.7.5", port), 10, false)).as("port %d", port).isFalse();
        }
        ByteBuffer bookReply = ByteBuffer.wrap(LengthProtocol.replyText(5).getBytes(StandardCharsets.US_ASCII));
        assertThat(guard.admitRequest(SOURCE, bookReply)).as("a reply of the book's protocol").isFalse();
        assertThat(bookReply.position()).isZero();
        assertThat(count(ServerCounter.REFUSED_OWN_ADDRESS)).isEqualTo(1);
        assertThat(count(ServerCounter.REFUSED_PORT_ZERO)).isEqualTo(1);
        assertThat(count(ServerCounter.REFUSED_REFLECTOR_PORT)).isEqualTo(ReflectorPorts.PORTS.length);
        assertThat(count(ServerCounter.REFUSED_BOOK_REPLY)).isEqualTo(1);
        assertThat(exchange(guard, address("198.18.0.1", 1061), 10, false)).as("our address, another port").isTrue();

        ReplyGuard answering = guard(SERVER, ReplyLimits.defaults().withReflectorPorts(ReflectorPorts.ANSWERED));
        assertThat(exchange(answering, address("198.18.7.5", 7), 10, false)).as("echo's port, when allowed").isTrue();
        ReplyGuard wildcard = guard(new InetSocketAddress(InetAddress.getByName("::"), 1060), ReplyLimits.defaults());
        assertThat(exchange(wildcard, address("127.0.0.1", 1060), 10, false)).as("wildcard: loopback, our port").isFalse();
        assertThat(exchange(wildcard, address("::1", 1060), 10, false)).isFalse();
    }

    @Test
    void aFullTableForgetsTheStalestSourceAndStaysBounded() {
        ReplyGuard guard = guard(SERVER, ReplyLimits.defaults().withAmplification(LimitMode.OFF).withPerSource(1)
                .withPerPrefix(ReplyLimits.MAX_RATE));
        int replied = 0;
        int sources = 4 * ReplyBudgets.SOURCE_CAPACITY;
        for (int i = 0; i < sources; i++) {
            now += 1000;
            InetSocketAddress source = address("10." + (i >>> 16 & 0xFF) + "." + (i >>> 8 & 0xFF) + "." + (i & 0xFF), 5000);
            replied += replies(guard, source, 2);
        }
        assertThat(replied).as("each new source's first request, and only that").isEqualTo(sources);
    }

    @Test
    void bookRepliesAreRecognised() {
        assertThat(LengthProtocol.isReply(ByteBuffer.wrap("Your data was 5 bytes long".getBytes(StandardCharsets.US_ASCII)))).isTrue();
        assertThat(LengthProtocol.isReply(ByteBuffer.wrap("Your data was five bytes long".getBytes(StandardCharsets.US_ASCII)))).isFalse();
        assertThat(LengthProtocol.isReply(ByteBuffer.allocate(0))).isFalse();
    }

    @Test
    void faultsAreBounded() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Faults.none(1).withDrop(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Faults.none(1)
                        .withDelay(1, Duration.ofMillis(50), Duration.ofMillis(60)))
                .hasMessageContaining("jitter");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Faults.none(1)
                        .withDelay(1, Duration.ofMinutes(2), Duration.ZERO))
                .hasMessageContaining("delay");
        assertThat(Faults.none(1).any()).isFalse();
        // No fault is none at all: such a server keeps the fast path (no receive timeout, no hold, no thread).
        assertThat(ServerOptions.defaults().withRequestFaults(Faults.none(1)).requestFaults()).isEmpty();
        assertThat(ServerOptions.defaults().withReplyFaults(Faults.none(1)).replyFaults()).isEmpty();
        ReplyBudgets budgets = new ReplyBudgets(ReplyLimits.defaults(), SERVER);
        assertThat(ReplyGuard.forWorker(SERVER, ServerOptions.defaults(), budgets, 0, new WorkerCounters())
                .holdsRequests()).isFalse();
        assertThat(ReplyGuard.forWorker(SERVER, ServerOptions.defaults().withRequestFaults(Faults.none(1).withReorder(0.1)),
                budgets, 0, new WorkerCounters()).holdsRequests()).isTrue();
    }
}
