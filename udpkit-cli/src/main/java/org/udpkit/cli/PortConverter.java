package org.udpkit.cli;

import org.udpkit.net.Endpoints;
import picocli.CommandLine;

/** Reads a UDP port, refusing anything outside 0-65535 with a sentence that says so. */
final class PortConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        long port;
        try {
            // As a long, so that 99999999999 is a port out of range, not "not a port number".
            port = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a port number");
        }
        if (port != (int) port) {
            throw new CommandLine.TypeConversionException("port " + port + " is outside 0-65535");
        }
        try {
            return Endpoints.checkPort((int) port);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
