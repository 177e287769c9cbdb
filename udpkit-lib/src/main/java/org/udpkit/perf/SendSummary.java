package org.udpkit.perf;

/**
 * What a sender did: data datagrams the kernel took, over how long, and how many sends the kernel refused
 * (ECONNREFUSED: nothing listened at the server's port when an earlier datagram arrived there).
 */
public record SendSummary(long sent, long payloadBytes, long nanos, long refused) {
    public double datagramsPerSecond() {
        return nanos == 0 ? 0 : sent * 1e9 / nanos;
    }

    public double payloadBitsPerSecond() {
        return nanos == 0 ? 0 : payloadBytes * 8e9 / nanos;
    }
}
