package org.udpkit.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.udpkit.server.Faults;
import picocli.CommandLine;

/**
 * {@code --delay 50ms±20ms} (or {@code 50ms+-20ms}, ASCII): a delay and the jitter around it, each a number
 * with a unit of {@code us}, {@code ms} or {@code s}, the delay at most {@link Faults#MAX_DELAY} and the
 * jitter at most the delay.
 */
record DelaySpec(Duration delay, Duration jitter) {
    private static final Pattern FORM = Pattern.compile("([^±+]+)(?:(?:±|\\+-|\\+/-)(.+))?");
    private static final Pattern AMOUNT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(us|µs|ms|s)");

    static final class Converter implements CommandLine.ITypeConverter<DelaySpec> {
        @Override
        public DelaySpec convert(String value) {
            return parse(value);
        }
    }

    static DelaySpec parse(String text) {
        Matcher form = FORM.matcher(text.strip());
        if (!form.matches()) {
            throw new CommandLine.TypeConversionException(
                    "'" + text + "' is not a delay such as 50ms, 50ms±20ms or 50ms+-20ms");
        }
        Duration delay = amount(form.group(1), text);
        Duration jitter = form.group(2) == null ? Duration.ZERO : amount(form.group(2), text);
        if (delay.compareTo(Faults.MAX_DELAY) > 0) {
            throw new CommandLine.TypeConversionException("a delay must be at most " + Faults.MAX_DELAY.toSeconds()
                    + " s, not " + text);
        }
        if (jitter.compareTo(delay) > 0) {
            throw new CommandLine.TypeConversionException("the jitter after ± must be at most the delay, not " + text);
        }
        return new DelaySpec(delay, jitter);
    }

    private static Duration amount(String part, String whole) {
        Matcher amount = AMOUNT.matcher(part.strip().toLowerCase(Locale.ROOT));
        if (!amount.matches()) {
            throw new CommandLine.TypeConversionException("'" + whole
                    + "' is not a delay such as 50ms, 50ms±20ms or 50ms+-20ms (units: us, ms, s)");
        }
        double number = Double.parseDouble(amount.group(1));
        double nanos = number * switch (amount.group(2)) {
            case "s" -> 1e9;
            case "ms" -> 1e6;
            default -> 1e3;
        };
        // A huge number of digits parses to a finite double; bounded here before it becomes a Duration.
        if (!(nanos <= Faults.MAX_DELAY.toNanos())) {
            throw new CommandLine.TypeConversionException("a delay must be at most " + Faults.MAX_DELAY.toSeconds()
                    + " s, not " + whole);
        }
        return Duration.ofNanos(Math.round(nanos));
    }
}
