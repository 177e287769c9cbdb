package org.udpkit.perf;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** ReceiverStats against arrival orders whose loss, duplicates and reordering are known to the datagram. */
class ReceiverStatsTest {
    private static final int SIZE = 100;

    private static PerfResults feed(ReceiverStats stats, List<Long> arrivals, long sent) {
        long time = 0;
        for (long sequence : arrivals) {
            time += 1000;
            stats.record(sequence, time - 500, time, SIZE);
        }
        return stats.results(sent, PerfResults.IPV4_UDP_HEADERS);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234, 99999})
    void countsLossDuplicatesAndReorderingOfASeededFaultySenderExactly(long seed) {
        FaultySender sender = new FaultySender(seed, 20_000, 0.03, 0.02, 0.05, 40);
        List<Long> arrivals = sender.arrivals();
        KnownCounts expected = KnownCounts.of(arrivals);

        PerfResults results = feed(new ReceiverStats(), arrivals, sender.count());

        assertThat(expected.reordered()).as("the faulty sender reorders").isPositive();
        assertThat(results.received()).isEqualTo(expected.received());
        assertThat(results.lost()).isEqualTo(sender.count() - expected.received());
        assertThat(results.duplicates()).isEqualTo(expected.duplicates());
        assertThat(results.reordered()).isEqualTo(expected.reordered());
        assertThat(results.reorderExtentMax()).isEqualTo(expected.extentMax());
        assertThat(results.reorderExtentSum()).isEqualTo(expected.extentSum());
        assertThat(results.reorderExtentKnown()).isEqualTo(expected.reordered());
        assertThat(results.beyondWindow()).isZero();
        assertThat(results.payloadBytes()).isEqualTo(expected.received() * SIZE);
    }

    @Test
    void aClockworkStreamHasNoLossNoReorderingAndZeroJitter() {
        List<Long> arrivals = new ArrayList<>();
        for (long s = 0; s < 5000; s++) {
            arrivals.add(s);
        }
        PerfResults results = feed(new ReceiverStats(), arrivals, 5000);
        assertThat(results.lost()).isZero();
        assertThat(results.duplicates()).isZero();
        assertThat(results.reordered()).isZero();
        assertThat(results.jitterNanos()).isZero();
        assertThat(results.delay()).contains(new PerfResults.Delay(500, 500L * 5000, 500));
        assertThat(results.firstToLastNanos()).isEqualTo(4999L * 1000);
        assertThat(results.datagramsPerSecond()).isCloseTo(5000 / 4.999e-3, within(1e-6));
    }

    @Test
    void theTailThatNeverArrivedCountsAsLostFromTheSendersCount() {
        List<Long> arrivals = List.of(0L, 1L, 2L);
        assertThat(feed(new ReceiverStats(), arrivals, 10).lost()).isEqualTo(7);
    }

    @Test
    void aDatagramOlderThanTheDuplicateWindowIsCountedAsReceivedAndReorderedButNotChecked() {
        List<Long> arrivals = new ArrayList<>();
        for (long s = 1; s <= 200; s++) {
            arrivals.add(s);
        }
        arrivals.add(0L);
        PerfResults results = feed(new ReceiverStats(64, 1024), arrivals, 201);
        assertThat(results.received()).isEqualTo(201);
        assertThat(results.beyondWindow()).isEqualTo(1);
        assertThat(results.reordered()).isEqualTo(1);
        assertThat(results.reorderExtentMax()).isEqualTo(200);
    }

    @Test
    void anExtentOlderThanTheKeptHistoryIsCountedAsReorderedWithoutAnExtent() {
        List<Long> arrivals = new ArrayList<>();
        for (long s = 1; s <= 20; s++) {
            arrivals.add(s);
        }
        arrivals.add(0L);
        PerfResults results = feed(new ReceiverStats(64, 8), arrivals, 21);
        assertThat(results.reordered()).isEqualTo(1);
        assertThat(results.reorderExtentKnown()).isZero();
    }

    @Test
    void jitterFollowsRfc3550ForAKnownDelayVariation() {
        // Sent every millisecond; transit alternates 100 and 300 microseconds, so |D| is 200 us every time.
        ReceiverStats stats = new ReceiverStats();
        double reference = 0;
        for (long s = 0; s < 1000; s++) {
            long send = s * 1_000_000;
            long transit = s % 2 == 0 ? 100_000 : 300_000;
            stats.record(s, send, send + transit, SIZE);
            if (s > 0) {
                reference += (200_000 - reference) / 16;
            }
        }
        PerfResults results = stats.results(1000, PerfResults.IPV4_UDP_HEADERS);
        assertThat(results.jitterNanos()).isCloseTo(reference, within(1e-6));
        assertThat(results.jitterNanos()).isCloseTo(200_000, within(20_000.0));
        assertThat(results.delay().orElseThrow().variationNanos()).isEqualTo(200_000);
        assertThat(results.delayMeanNanos()).isCloseTo(200_000, within(1e-6));
    }

    @Test
    void theWireFormatCarriesResultsUnchanged() {
        FaultySender sender = new FaultySender(7, 3000, 0.05, 0.05, 0.05, 10);
        PerfResults results = feed(new ReceiverStats(), sender.arrivals(), sender.count());
        byte[] wire = PerfWire.results(77, results);
        java.lang.foreign.MemorySegment segment = java.lang.foreign.MemorySegment.ofArray(wire);
        assertThat(PerfWire.kind(segment, wire.length)).contains(PerfWire.Kind.RESULTS);
        assertThat(PerfWire.streamId(segment)).isEqualTo(77);
        assertThat(PerfWire.readResults(segment, wire.length)).contains(results);
    }
}
