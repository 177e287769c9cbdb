package org.udpkit.cli;

import java.util.Locale;

import org.udpkit.perf.Rate;
import picocli.CommandLine;

/** Reads {@code --rate}: {@code max}, or datagrams per second between 0 (excluded) and 1e9. */
final class RateConverter implements CommandLine.ITypeConverter<Rate> {
    @Override
    public Rate convert(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        if (text.equals("max")) {
            return new Rate.Max();
        }
        return new Rate.PerSecond(perSecond(value, "neither 'max' nor", false));
    }

    /** {@code bench --rate}: requests per second up to 1e9, or 0 for a closed loop. */
    static final class PerSecondOrZero implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return perSecond(value, "neither 0 nor", true);
        }
    }

    /** The one reading of a number per second: within {@link Rate.PerSecond}'s bounds, or 0 when allowed. */
    private static double perSecond(String value, String otherwise, boolean zeroAllowed) {
        double perSecond;
        try {
            perSecond = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is " + otherwise + " a number per second");
        }
        if (zeroAllowed && perSecond == 0) {
            return 0;
        }
        // Also false for NaN.
        if (!(perSecond > 0 && perSecond <= Rate.PerSecond.MOST)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is " + otherwise
                    + " a number per second above 0 and at most 1e9");
        }
        return perSecond;
    }
}
