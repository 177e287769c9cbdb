package org.udpkit.perf;

import java.util.Optional;

/**
 * What a receiver measured over one stream; the same record at both ends (it travels in RESULTS).
 *
 * @param sent                 data datagrams the sender says it sent
 * @param received             distinct data datagrams received (duplicates not counted)
 * @param duplicates           datagrams received again
 * @param reordered            RFC 4737 reordered datagrams: sequence below the next expected one
 * @param reorderExtentMax     the largest RFC 4737 reordering extent seen
 * @param reorderExtentSum     the sum of the extents that could be measured, for their mean
 * @param reorderExtentKnown   reordered datagrams whose extent could be measured (the history reached back)
 * @param beyondWindow         datagrams so late that the duplicate window had passed them: counted as received
 *                             and reordered, but not checked for duplication
 * @param payloadBytes         UDP payload bytes of the distinct datagrams
 * @param headerBytes          IP and UDP header bytes per datagram (28 over IPv4, 48 over IPv6), for on-the-wire rates
 * @param firstToLastNanos     from the first arrival to the last
 * @param jitterNanos          RFC 3550 interarrival jitter at the end of the stream
 * @param delay                one-way delay, when anything arrived: meaningful when both ends share a clock
 */
public record PerfResults(long sent, long received, long duplicates, long reordered, long reorderExtentMax,
                          long reorderExtentSum, long reorderExtentKnown, long beyondWindow, long payloadBytes,
                          int headerBytes, long firstToLastNanos, double jitterNanos, Optional<Delay> delay) {
    /** IP and UDP headers per datagram over IPv4 and IPv6. */
    public static final int IPV4_UDP_HEADERS = 28;
    public static final int IPV6_UDP_HEADERS = 48;

    /** One-way delay: the smallest, the sum (for the mean) and the largest, in nanoseconds. */
    public record Delay(long minNanos, long sumNanos, long maxNanos) {
        /** The delay variation: the largest delay less the smallest (RFC 5481's PDV range). */
        public long variationNanos() {
            return maxNanos - minNanos;
        }
    }

    public PerfResults {
        if (sent < 0 || received < 0 || duplicates < 0 || reordered < 0 || firstToLastNanos < 0) {
            throw new IllegalArgumentException("counts and times are never negative");
        }
    }

    /** Datagrams the sender sent that never arrived; 0 when more arrived than it says it sent. */
    public long lost() {
        return Math.max(0, sent - received);
    }

    public double lossRatio() {
        return sent == 0 ? 0 : (double) lost() / sent;
    }

    public double reorderedRatio() {
        return received == 0 ? 0 : (double) reordered / received;
    }

    public double reorderExtentMean() {
        return reorderExtentKnown == 0 ? 0 : (double) reorderExtentSum / reorderExtentKnown;
    }

    public double seconds() {
        return firstToLastNanos / 1e9;
    }

    /** Distinct datagrams per second from the first arrival to the last (one datagram alone: 0). */
    public double datagramsPerSecond() {
        return firstToLastNanos == 0 ? 0 : received / seconds();
    }

    public double payloadBitsPerSecond() {
        return firstToLastNanos == 0 ? 0 : payloadBytes * 8 / seconds();
    }

    /** Bits per second with the IP and UDP headers (no link layer: loopback has none). */
    public double wireBitsPerSecond() {
        return firstToLastNanos == 0 ? 0 : (payloadBytes + (double) received * headerBytes) * 8 / seconds();
    }

    public double delayMeanNanos() {
        return delay.map(d -> (double) d.sumNanos() / received).orElse(0.0);
    }
}
