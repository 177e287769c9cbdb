package org.udpkit.perf;

import java.time.Duration;

/**
 * One test: the stream the client names it by, the data datagrams' size in bytes, the rate and how long to send.
 */
public record TestSettings(long streamId, int size, Rate rate, Duration duration) {
    /** The longest test: a day. */
    public static final Duration LONGEST = Duration.ofDays(1);

    public TestSettings {
        if (size < PerfWire.HEADER_BYTES || size > PerfWire.MAX_DATAGRAM) {
            throw new IllegalArgumentException("the datagram size must be between " + PerfWire.HEADER_BYTES
                    + " (the header) and " + PerfWire.MAX_DATAGRAM + " bytes, not " + size);
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("a test must last more than 0 seconds and at most a day, not "
                    + duration.toNanos() / 1e9 + " s");
        }
    }
}
