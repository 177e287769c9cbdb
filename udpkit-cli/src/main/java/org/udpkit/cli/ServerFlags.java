package org.udpkit.cli;

import java.io.PrintWriter;

import org.udpkit.protocol.DatagramHandler;
import org.udpkit.server.NarratingHandler;
import org.udpkit.server.ServerCounters;
import org.udpkit.server.ServerOptions;
import org.udpkit.server.TransportKind;
import org.udpkit.server.UdpServer;
import picocli.CommandLine.Option;

/** Options every server command shares. */
final class ServerFlags {
    @Option(names = {"-q", "--quiet"}, description = "do not print a line per datagram (only the counts at the end)")
    boolean quiet;

    @Option(names = "--transport", paramLabel = "KIND",
            description = "socket I/O: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    TransportKind transport = TransportKind.AUTO;

    @Option(names = {"-v", "--verbose"}, description = "say which transport serves")
    boolean verbose;

    @Option(names = "--workers", paramLabel = "N",
            description = "sockets sharing the port with SO_REUSEPORT, one thread each; 0 means one per core"
                    + " (default ${DEFAULT-VALUE}: the book's servers print one line per datagram, in order)")
    int workers = 1;

    DatagramHandler narrate(DatagramHandler handler, String verb, PrintWriter out, ServerCounters counters) {
        return quiet ? handler : new NarratingHandler(handler, verb, out::println, counters);
    }

    ServerOptions options(ServerOptions base) {
        if (workers < 0) {
            throw new UsageException("--workers must be 0 (one per core) or more, not " + workers);
        }
        return base.withTransport(transport).withWorkers(workers == 0 ? ServerOptions.workersPerCore() : workers);
    }

    void describe(UdpServer server, PrintWriter out) {
        if (verbose) {
            out.println("Transport: " + server.transportName());
        }
    }
}
