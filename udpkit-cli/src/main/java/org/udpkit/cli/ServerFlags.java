package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.function.Function;

import org.udpkit.book.BookLines;
import org.udpkit.book.NarratingHandler;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.server.HandlerCounters;
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

    DatagramHandler narrate(DatagramHandler handler, BookLines.Voice voice, Consumer<String> lines,
                            HandlerCounters counters) {
        return quiet ? handler : new NarratingHandler(handler, voice, lines, counters);
    }

    ServerOptions options(ServerOptions base) {
        if (workers < 0) {
            throw new UsageException("--workers must be 0 (one per core) or more, not " + workers);
        }
        return base.withTransport(transport).withWorkers(workers == 0 ? ServerOptions.workersPerCore() : workers);
    }

    /**
     * Opens the server every server command runs: one handler per worker from {@code handlers}, printing
     * to {@code out} a batch at a time (see {@link BatchPrinter}), then the first lines ({@code listening}
     * for the bound address, then {@code more}, then the transport with -v), then serving until Ctrl-C or
     * SIGTERM.
     */
    int serve(InetSocketAddress bind, BatchPrinter.HandlerFactory handlers, ServerOptions base,
              PrintWriter out, Function<InetSocketAddress, String> listening, String... more) throws IOException {
        try (BatchPrinter printer = new BatchPrinter(out, BatchPrinter.Flushing.forStandardOutput());
             UdpServer server = UdpServer.openPerWorker(bind, printer.printing(handlers), options(base))) {
            return ServerSession.serve(server, out, () -> {
                out.println(listening.apply(server.localAddress()));
                for (String line : more) {
                    out.println(line);
                }
                if (verbose) {
                    out.println("Transport: " + server.transport().label() + (server.workers() == 1 ? ""
                            : " x " + server.workers() + " workers (SO_REUSEPORT)"));
                }
            });
        }
    }
}
