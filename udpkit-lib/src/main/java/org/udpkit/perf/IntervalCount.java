package org.udpkit.perf;

/** Datagrams and payload bytes sent or received in one reporting interval, timed from the start of the test. */
public record IntervalCount(long startNanos, long endNanos, long datagrams, long payloadBytes) {
    public double startSeconds() {
        return startNanos / 1e9;
    }

    public double endSeconds() {
        return endNanos / 1e9;
    }

    public double datagramsPerSecond() {
        return endNanos == startNanos ? 0 : datagrams * 1e9 / (endNanos - startNanos);
    }

    public double payloadBitsPerSecond() {
        return endNanos == startNanos ? 0 : payloadBytes * 8e9 / (endNanos - startNanos);
    }
}
