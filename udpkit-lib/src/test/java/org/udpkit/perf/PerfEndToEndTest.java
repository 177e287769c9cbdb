package org.udpkit.perf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.udpkit.client.BackoffPolicy;
import org.udpkit.client.Reply;
import org.udpkit.client.UdpClient;
import org.udpkit.Requirements;
import org.udpkit.linux.Linux;
import org.udpkit.server.TransportKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A PerfServer on loopback, fed by the real client and by senders whose faults and timing are known; on each
 * transport, so that the portable one is held to the same counts as the batched one.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TransportKind.class, names = {"LINUX_BATCHED", "JDK"})
class PerfEndToEndTest {
    private static final int SIZE = 64;

    @Parameter
    TransportKind transport;

    private RunningPerfServer running;
    private InetSocketAddress server;

    @BeforeEach
    void startServer() throws IOException {
        if (transport == TransportKind.LINUX_BATCHED) {
            Requirements.require(Linux.isAvailable(), "native Linux sockets");
        }
        running = RunningPerfServer.start(ReceiveOffload.NONE, transport);
        assertThat(running.transport()).isEqualTo(transport);
        server = running.address();
    }

    @AfterEach
    void stopServer() {
        running.close();
    }

    @Test
    void theClientsResultsCountEveryDatagramAtAModestRateOnLoopback() throws IOException {
        TestSettings test = new TestSettings(11, 200, new Rate.PerSecond(10_000), Duration.ofMillis(500));
        List<IntervalCount> clientIntervals = new CopyOnWriteArrayList<>();

        PerfClient.Outcome outcome = PerfClient.run(server, test,
                new Intervals.Every(Duration.ofMillis(100), clientIntervals::add), SendOffload.NONE, transport);

        PerfResults results = outcome.received();
        assertThat(outcome.sent().sent()).isBetween(4_500L, 5_100L);
        assertThat(results.sent()).isEqualTo(outcome.sent().sent());
        assertThat(results.received()).isEqualTo(outcome.sent().sent());
        assertThat(results.lost()).isZero();
        assertThat(results.duplicates()).isZero();
        assertThat(results.reordered()).isZero();
        assertThat(results.payloadBytes()).isEqualTo(results.received() * 200);
        assertThat(results.delay()).isPresent();
        assertThat(RunningPerfServer.once(running.finished)).containsExactly(results);
        assertThat(clientIntervals.stream().mapToLong(IntervalCount::datagrams).sum()).isEqualTo(outcome.sent().sent());
        assertThat(running.intervals.stream().mapToLong(IntervalCount::datagrams).sum()).isEqualTo(results.received());
    }

    @Test
    void reversedTheServerSendsAndTheClientsOwnReceiverCountsEveryDatagram() throws IOException {
        TestSettings test = new TestSettings(14, 300, new Rate.PerSecond(10_000), Duration.ofMillis(500));
        List<IntervalCount> clientIntervals = new CopyOnWriteArrayList<>();

        PerfResults results = PerfClient.runReverse(server, test,
                new Intervals.Every(Duration.ofMillis(100), clientIntervals::add), transport);

        assertThat(results.sent()).isBetween(4_500L, 5_100L);
        assertThat(results.received()).isEqualTo(results.sent());
        assertThat(results.lost()).isZero();
        assertThat(results.duplicates()).isZero();
        assertThat(results.payloadBytes()).isEqualTo(results.received() * 300);
        assertThat(clientIntervals.stream().mapToLong(IntervalCount::datagrams).sum()).isEqualTo(results.received());
        // The server's side of it: what it sent, and the same results, told to its listener.
        assertThat(RunningPerfServer.once(running.reversed).getFirst().sent().sent()).isEqualTo(results.sent());
        assertThat(running.reversed.getFirst().received()).isEqualTo(results);
        assertThat(running.finished).as("the server received nothing itself").isEmpty();
    }

    @Test
    void aReverseRequestForgedForAnotherAddressGetsThatAddressAFewStartsAndNeverMoreThanThreeTimesItsBytes()
            throws IOException, InterruptedException {
        try (DatagramChannel victim = DatagramChannel.open(StandardProtocolFamily.INET);
             DatagramChannel forger = DatagramChannel.open(StandardProtocolFamily.INET)) {
            victim.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            victim.configureBlocking(false);
            // The forger asks for a stream of 8 KiB datagrams at full speed, to be sent to the victim's port.
            TestSettings test = new TestSettings(15, 8192, new Rate.Max(), Duration.ofSeconds(2));
            byte[] request = PerfWire.reverse(test, victim.socket().getLocalPort());
            forger.send(ByteBuffer.wrap(request), server);
            forger.send(ByteBuffer.wrap(java.util.Arrays.copyOf(request, PerfWire.REVERSE_BYTES - 1)),
                    server);

            // The server's sender gives up on a receiver that never answers after about six seconds of STARTs.
            long bytes = 0;
            int datagrams = 0;
            ByteBuffer in = ByteBuffer.allocate(65_536);
            long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < end) {
                if (victim.receive(in.clear()) != null) {
                    bytes += in.position();
                    datagrams++;
                    assertThat(PerfWire.kind(MemorySegment.ofBuffer(in.flip()), in.remaining()))
                            .contains(PerfWire.Kind.START);
                } else {
                    Thread.sleep(10);
                }
            }
            System.out.printf("forged REVERSE of %d bytes: the victim got %d datagrams, %d bytes (%.2fx)%n",
                    request.length, datagrams, bytes, (double) bytes / request.length);
            assertThat(datagrams).isPositive();
            assertThat(bytes).isLessThanOrEqualTo(3L * request.length);
        }
    }

    @Test
    void aSeededFaultySendersLossDuplicatesAndReorderingAreCountedToTheDatagram() throws IOException {
        FaultySender faulty = new FaultySender(2026, 20_000, 0.02, 0.01, 0.03, 30);
        List<Long> arrivals = faulty.arrivals();
        KnownCounts expected = KnownCounts.of(arrivals);
        long stream = 4242;
        try (UdpClient control = UdpClient.connected(server);
             DatagramChannel data = DatagramChannel.open(StandardProtocolFamily.INET)) {
            data.connect(server);
            start(control, new TestSettings(stream, SIZE, new Rate.Max(), Duration.ofSeconds(1)));
            ByteBuffer datagram = ByteBuffer.allocate(SIZE);
            int sinceRest = 0;
            for (long sequence : arrivals) {
                data.write(dataDatagram(datagram, stream, sequence, System.nanoTime()));
                if (++sinceRest == 500) {
                    sinceRest = 0;
                    LockSupport.parkNanos(2_000_000); // well below what the server can read: the kernel drops none
                }
            }
            PerfResults results = results(control, stream, faulty.count());

            assertThat(results.received()).isEqualTo(expected.received());
            assertThat(results.lost()).isEqualTo(faulty.count() - expected.received());
            assertThat(results.duplicates()).isEqualTo(expected.duplicates());
            assertThat(results.reordered()).isEqualTo(expected.reordered());
            assertThat(results.reorderExtentMax()).isEqualTo(expected.extentMax());
            assertThat(results.reorderExtentSum()).isEqualTo(expected.extentSum());
        }
    }

    @Test
    void jitterOfASenderThatSpacesDatagramsOnAKnownScheduleIsWithinTenPercent() throws IOException {
        // Stamped every 6 ms, but every other datagram really leaves 3 ms late: |D| is 3 ms, so RFC 3550's J tends to
        // 3 ms. Milliseconds, so that a busy machine's late wake-ups (tens of microseconds) stay well inside 10%.
        long stream = 77;
        long stepNanos = 6_000_000;
        long lateNanos = 3_000_000;
        try (UdpClient control = UdpClient.connected(server);
             DatagramChannel data = DatagramChannel.open(StandardProtocolFamily.INET)) {
            data.connect(server);
            start(control, new TestSettings(stream, SIZE, new Rate.PerSecond(1000.0 / 6), Duration.ofSeconds(2)));
            ByteBuffer datagram = ByteBuffer.allocate(SIZE);
            long start = System.nanoTime() + 1_000_000;
            int count = 300;
            for (long sequence = 0; sequence < count; sequence++) {
                long stamped = start + sequence * stepNanos;
                long leaves = stamped + (sequence % 2 == 1 ? lateNanos : 0);
                waitUntil(leaves);
                data.write(dataDatagram(datagram, stream, sequence, stamped));
            }
            PerfResults results = results(control, stream, count);

            assertThat(results.received()).isEqualTo(count);
            assertThat(results.jitterNanos()).isCloseTo(lateNanos, within(lateNanos * 0.1));
            assertThat(results.delay().orElseThrow().variationNanos()).isGreaterThanOrEqualTo(lateNanos);
        }
    }

    private static void waitUntil(long nanos) {
        long left = nanos - System.nanoTime();
        if (left > 300_000) {
            LockSupport.parkNanos(left - 300_000);
        }
        while (System.nanoTime() < nanos) {
            Thread.onSpinWait();
        }
    }

    private static ByteBuffer dataDatagram(ByteBuffer datagram, long stream, long sequence, long sendNanos) {
        datagram.clear();
        java.lang.foreign.MemorySegment segment = java.lang.foreign.MemorySegment.ofBuffer(datagram);
        PerfWire.writeHeader(segment, PerfWire.Kind.DATA, stream);
        PerfWire.stamp(segment, sequence, sendNanos);
        return datagram;
    }

    private static void start(UdpClient control, TestSettings test) throws IOException {
        Reply started = control.request(PerfWire.start(test), BackoffPolicy.book(), wait -> { });
        java.lang.foreign.MemorySegment reply = java.lang.foreign.MemorySegment.ofArray(started.data());
        assertThat(PerfWire.kind(reply, started.data().length)).contains(PerfWire.Kind.STARTED);
    }

    private static PerfResults results(UdpClient control, long stream, long sent) throws IOException {
        Reply reply = control.request(PerfWire.resultsPlease(stream, sent), BackoffPolicy.book(), wait -> { });
        return PerfWire.readResults(java.lang.foreign.MemorySegment.ofArray(reply.data()), reply.data().length).orElseThrow();
    }
}
