package org.udpkit.cli;

import org.udpkit.net.Endpoints;
import picocli.CommandLine;

/** Reads a UDP port, refusing anything outside 0-65535 with a sentence that says so. */
final class PortConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a port number");
        }
        try {
            return Endpoints.checkPort(port);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
