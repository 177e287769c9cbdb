package org.udpkit.options;

import java.util.Optional;

/**
 * What an option turned out to be on a socket, and, when it was set, what was asked.
 *
 * @param asked the value set before reading, and why the kernel's value differs from it when it does
 */
public record OptionReading(UdpSocketOption option, OptionValue value, Optional<Asked> asked) {
    /** A value that was set: {@code adjustment} says why the reading differs, and is empty when it does not. */
    public record Asked(int value, Optional<String> adjustment) {
    }

    static OptionReading of(UdpSocketOption option, OptionValue value) {
        return new OptionReading(option, value, Optional.empty());
    }

    OptionReading asked(int askedValue, Optional<String> adjustment) {
        return new OptionReading(option, value, Optional.of(new Asked(askedValue, adjustment)));
    }

    /** The value as {@link OptionFormat#show(int)} writes it, or why there is none. */
    public String shownValue() {
        return switch (value) {
            case OptionValue.Known(int number) -> option.format().show(number);
            case OptionValue.NotSupported() -> "not supported";
            case OptionValue.Unavailable(String reason) -> "unavailable: " + reason;
        };
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
        Asked set = asked.get();
        return set.adjustment()
                .map(why -> shownValue() + " (asked " + set.value() + "; " + why + ")")
                .orElse(shownValue() + ", as set");
    }
}
