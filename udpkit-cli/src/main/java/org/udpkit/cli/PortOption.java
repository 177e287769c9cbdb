package org.udpkit.cli;

import org.udpkit.net.Endpoints;
import picocli.CommandLine.Option;

/** The book's {@code -p PORT} option, 1060 by default. */
final class PortOption {
    @Option(names = {"-p", "--port"}, paramLabel = "PORT", converter = PortConverter.class,
            description = "UDP port (default ${DEFAULT-VALUE})")
    int port = Endpoints.DEFAULT_PORT;
}
