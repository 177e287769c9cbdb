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
        double perSecond;
        try {
            perSecond = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is neither 'max' nor a number of datagrams per second");
        }
        try {
            return new Rate.PerSecond(perSecond);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
