package org.udpkit.cli;

import java.time.Duration;

import picocli.CommandLine;

/**
 * Reads a number of seconds a user typed (a timeout, a give-up time, a duration, an interval) as a
 * {@link Duration}: finite, at least a millisecond, at most a day. Below a millisecond a wait rounds to
 * nothing, which the JDK takes as "for ever"; beyond a day a number is a typo, and millions of seconds
 * overflow the milliseconds the JDK's socket timeouts count in. Each option picks a subclass.
 */
abstract sealed class SecondsConverter implements CommandLine.ITypeConverter<Duration> {
    static final double FEWEST = 0.001;
    static final double MOST = 86_400;

    /** A time that must pass: 0.001 to 86400 seconds. */
    static final class Positive extends SecondsConverter {
        Positive() {
            super(false);
        }
    }

    /** The same, or 0 for what the option says 0 means (wait for ever, never print): {@link Duration#ZERO}. */
    static final class OrZero extends SecondsConverter {
        OrZero() {
            super(true);
        }
    }

    private final boolean zeroAllowed;

    private SecondsConverter(boolean zeroAllowed) {
        this.zeroAllowed = zeroAllowed;
    }

    @Override
    public Duration convert(String value) {
        double seconds;
        try {
            seconds = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a number of seconds");
        }
        if (zeroAllowed && seconds == 0) {
            return Duration.ZERO;
        }
        // Also false for NaN, which compares false with everything.
        if (!(seconds >= FEWEST && seconds <= MOST)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is " + (zeroAllowed ? "neither 0 nor " : "not ")
                    + "between " + FEWEST + " and " + (long) MOST + " seconds (a day)");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** The seconds of a duration this converter made, for the APIs that take a {@code double}. */
    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
