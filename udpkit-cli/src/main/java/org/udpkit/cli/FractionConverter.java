package org.udpkit.cli;

import picocli.CommandLine;

/** Reads a fraction from 0 to 1, written {@code 0.05} or {@code 5%}: a loss allowed, a share of requests to drop. */
final class FractionConverter implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        String text = value.strip();
        boolean percent = text.endsWith("%");
        double fraction;
        try {
            fraction = Double.parseDouble(percent ? text.substring(0, text.length() - 1) : text) / (percent ? 100 : 1);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is neither a fraction such as 0.05 nor a percentage such as 5%");
        }
        // Also false for NaN.
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not between 0 and 1 (0% and 100%)");
        }
        return fraction;
    }
}
