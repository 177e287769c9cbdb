package org.udpkit.perf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.udpkit.Requirements;
import org.udpkit.linux.Linux;
import org.udpkit.server.TransportKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GSO and GRO: the batched transport's offloads, counted as exactly as plain datagrams. */
class PerfOffloadTest {
    @BeforeAll
    static void linuxOnly() {
        Requirements.require(Linux.isAvailable(), "native Linux sockets");
    }

    @ParameterizedTest(name = "{0}-byte datagrams, receiver {1}")
    @CsvSource({"1472, NONE", "9000, NONE", "1472, GRO", "9000, GRO", "64, GRO"})
    void withGsoEveryDatagramIsCountedInOrderWhetherTheReceiverTakesThemOneByOneOrCoalesced(int size,
            ReceiveOffload receiver) throws IOException {
        // 1,472 bytes: 44 datagrams per message; 9,000 bytes: 7 per message, the last message of a batch often
        // shorter. With GRO the kernel hands the receiver whole messages, which it cuts at the test's size. Paced
        // well below what the receiver reads, so the kernel drops none and every count is exact.
        TestSettings test = new TestSettings(12, size, new Rate.PerSecond(10_000), Duration.ofMillis(500));

        PerfClient.Outcome outcome;
        try (RunningPerfServer server = RunningPerfServer.start(receiver, TransportKind.LINUX_BATCHED)) {
            outcome = PerfClient.run(server.address(), test, new Intervals.None(), SendOffload.GSO,
                    TransportKind.LINUX_BATCHED);
        }

        PerfResults results = outcome.received();
        // Not the rate (a busy machine paces late), but enough datagrams for many full messages and a short last one.
        assertThat(outcome.sent().sent()).isGreaterThan(500);
        assertThat(results.received()).isEqualTo(outcome.sent().sent());
        assertThat(results.lost()).isZero();
        assertThat(results.duplicates()).isZero();
        assertThat(results.reordered()).isZero();
        assertThat(results.payloadBytes()).as("each datagram cut at its own size").isEqualTo(results.received() * size);
    }

    @Test
    void aGsoMessageHoldsAsManyDatagramsAsFitInOneUdpDatagramEachWithItsOwnHeader() throws IOException {
        TestSettings test = new TestSettings(13, 1472, new Rate.Max(), Duration.ofMillis(100));
        // Opened, never run: nothing is sent to the discard port.
        InetSocketAddress nowhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        try (BatchedSender sender = BatchedSender.open(nowhere, test, SendOffload.GSO)) {
            assertThat(sender.segments()).isEqualTo(44); // 44 x 1,472 = 64,768 <= 65,507 < 45 x 1,472
            for (int i : new int[] {0, 1, 43, 44, 44 * 64 - 1}) {
                assertThat(PerfWire.isData(sender.datagram(i), 1472)).as("datagram %d", i).isTrue();
                assertThat(PerfWire.streamId(sender.datagram(i))).isEqualTo(13);
            }
        }
        try (BatchedSender plain = BatchedSender.open(nowhere, test)) {
            assertThat(plain.segments()).isEqualTo(1);
        }
    }

    @Test
    void thePortableTransportRefusesOffloadsSayingWhatTheyNeed() {
        TestSettings test = new TestSettings(16, 1472, new Rate.Max(), Duration.ofMillis(100));
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        assertThatThrownBy(() -> PerfSender.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), test,
                SendOffload.GSO, TransportKind.JDK))
                .isInstanceOf(UnsupportedOperationException.class).hasMessage("GSO needs the Linux batched transport");
        assertThatThrownBy(() -> PerfServer.bind(loopback, ReceiveOffload.GRO, TransportKind.JDK))
                .isInstanceOf(UnsupportedOperationException.class).hasMessage("GRO needs the Linux batched transport");
    }
}
