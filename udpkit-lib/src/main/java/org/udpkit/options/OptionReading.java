package org.udpkit.options;

import java.util.OptionalInt;

/**
 * What an option turned out to be on a socket: its value, or why there is none ({@code not supported}
 * when the kernel does not know it); and, when it was set, what was asked and why the two differ.
 */
public record OptionReading(UdpSocketOption option, OptionalInt value, String problem, OptionalInt asked,
                            String note) {
    /** The words that stand for a value the kernel does not have (ENOPROTOOPT). */
    public static final String NOT_SUPPORTED = "not supported";

    static OptionReading of(UdpSocketOption option, int value) {
        return new OptionReading(option, OptionalInt.of(value), "", OptionalInt.empty(), "");
    }

    static OptionReading unavailable(UdpSocketOption option, String problem) {
        return new OptionReading(option, OptionalInt.empty(), problem, OptionalInt.empty(), "");
    }

    OptionReading asked(int askedValue, String why) {
        return new OptionReading(option, value, problem, OptionalInt.of(askedValue), why);
    }

    /** The value as {@link OptionFormat#show(int)} writes it, or the problem. */
    public String shownValue() {
        return value.isPresent() ? option.format().show(value.getAsInt()) : problem;
    }

    /**
     * The value, followed by what was asked when it differs:
     * {@code 200000 (asked 100000; Linux doubles it for bookkeeping, capped by net.core.rmem_max = 212992)},
     * {@code 16 (0x10; DSCP 4, ECN 0), as set}.
     */
    public String describe() {
        if (asked.isEmpty()) {
            return shownValue();
        }
        if (note.isEmpty()) {
            return shownValue() + ", as set";
        }
        return shownValue() + " (asked " + asked.getAsInt() + "; " + note + ")";
    }
}
