package org.udpkit.cli;

import org.udpkit.server.TransportKind;
import picocli.CommandLine.Option;

/** {@code --transport}: which socket I/O a command uses, for commands that can run on either. */
final class TransportOption {
    @Option(names = "--transport", paramLabel = "KIND",
            description = "socket I/O: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}: batched on Linux, else the JDK's)")
    TransportKind kind = TransportKind.AUTO;
}
