package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonGenerator;
import org.udpkit.book.BookLines;
import org.udpkit.book.NarratingHandler;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.server.ServerCounter;
import org.udpkit.server.ServerCounts;
import org.udpkit.server.ReplySource;
import org.udpkit.server.ServerOptions;
import org.udpkit.server.TransportKind;
import org.udpkit.server.UdpServer;
import picocli.CommandLine.Mixin;
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

    @Option(names = "--workers", paramLabel = "N", converter = CountConverter.Workers.class,
            description = "sockets sharing the port with SO_REUSEPORT, one thread each; 0 means one per core"
                    + " (up to " + CountConverter.MOST_WORKERS + "; default ${DEFAULT-VALUE}: the book's servers print one line per datagram, in order)")
    int workers = 1;

    @Option(names = "--reply-source", paramLabel = "SOURCE",
            description = "which address a server bound to every interface answers from: ${COMPLETION-CANDIDATES}"
                    + " (default ${DEFAULT-VALUE}: the address each request was sent to where the transport can read it,"
                    + " which linux-batched can and the JDK channel cannot; ROUTE is the routing table's pick, the book's)")
    ReplySource replySource = ReplySource.AUTO;

    @Mixin
    JsonOption output;

    /** Interval lines go to stderr: stdout is the book's. */
    @Mixin
    IntervalOption interval;

    /** The amplification cap, the reply budgets, the reflector ports. */
    @Mixin
    ReplyLimitFlags replyLimits;

    /** Where the book's per-datagram lines go: nowhere with --quiet, or with --json (stdout then holds the JSON alone). */
    Consumer<String> bookLines(Consumer<String> lines) {
        return quiet || output.json ? line -> { } : lines;
    }

    DatagramHandler narrate(DatagramHandler handler, BookLines.Voice voice, Consumer<String> lines) {
        return quiet || output.json ? handler : new NarratingHandler(handler, voice, lines);
    }

    ServerOptions options(ServerOptions base) {
        // One per core, within the cap even on a machine of more than 1024 cores.
        int count = workers == 0 ? Math.min(ServerOptions.workersPerCore(), CountConverter.MOST_WORKERS) : workers;
        return replyLimits.applyTo(base.withTransport(transport).withWorkers(count).withReplySource(replySource));
    }

    /**
     * Opens the server every server command runs: one handler per worker from {@code handlers}, printing
     * to {@code out} a batch at a time (see {@link BatchPrinter}), then the first lines (the book's
     * {@code listening} line for the bound address on stdout; udpkit's own {@code notes}, and the transport
     * with -v, on stderr), then serving until Ctrl-C or SIGTERM. The counts at the end go to stderr, or, with
     * --json, to stdout as one JSON document (then stdout holds nothing else: the listening line goes to stderr).
     */
    int serve(InetSocketAddress bind, BatchPrinter.HandlerFactory handlers, ServerOptions base, PrintWriter out,
              PrintWriter err, Function<InetSocketAddress, String> listening, String... notes) throws IOException {
        PrintWriter book = output.json ? err : out;
        Optional<Duration> interval = this.interval.period(Terminal.STDERR);
        ServerOptions options = options(base);
        try (BatchPrinter printer = new BatchPrinter(out, BatchPrinter.Flushing.forStandardOutput());
             UdpServer server = open(bind, printer.printing(handlers), options);
             ServerIntervals intervals = interval.map(period -> ServerIntervals.every(period, server, err))
                     .orElseGet(ServerIntervals::none);
             PortWatch watch = PortWatch.of(server, options, err)) {
            return ServerSession.serve(server, () -> {
                book.println(listening.apply(server.localAddress()));
                book.flush();
                for (String note : notes) {
                    err.println(note);
                }
                if (verbose) {
                    err.println("Transport: " + server.transport().label() + (server.workers() == 1 ? ""
                            : " x " + server.workers() + " workers (SO_REUSEPORT)"));
                }
                server.run();
            }, () -> {
                // The book's lines first, whole, then what udpkit counted, wherever it goes; no interval line after.
                intervals.stop();
                int joined = watch.stop();
                ServerCounts counts = server.counts();
                // stdout may be a pipe nobody reads: the printer writes it, or gives up, and the counts still come.
                BatchPrinter.Ending printed = printer.finish(output.json
                        ? Json.text(json -> writeJson(json, server, counts, joined)) : "");
                if (!output.json || printed instanceof BatchPrinter.Ending.Stuck) {
                    err.println(counts.summary());
                }
                printed.note().ifPresent(err::println);
                PortWatch.note(joined).ifPresent(err::println);
            });
        }
    }

    /** A transport that cannot keep a promise the options make (--reply-source on the JDK channel) is a command line that cannot work. */
    private static UdpServer open(InetSocketAddress bind, UdpServer.HandlerFactory handlers, ServerOptions options)
            throws IOException {
        try {
            return UdpServer.openPerWorker(bind, handlers, options);
        } catch (UnsupportedOperationException e) {
            // Only the demand is the user's doing; a transport missing from this JVM stays a failure (exit 1).
            if (options.replySource() == ReplySource.REQUEST_DESTINATION) {
                throw new UsageException(e.getMessage(), e);
            }
            throw e;
        }
    }

    /** The stop statistics: docs/json.md. */
    private static void writeJson(JsonGenerator json, UdpServer server, ServerCounts counts, int socketsJoined)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("address", Endpoints.format(server.localAddress()));
        json.writeStringField("transport", server.transport().label());
        json.writeNumberField("workers", server.workers());
        json.writeObjectFieldStart("counts");
        for (Map.Entry<ServerCounter, Long> count : counts.asMap().entrySet()) {
            json.writeNumberField(count.getKey().name().toLowerCase(Locale.ROOT), count.getValue());
        }
        json.writeEndObject();
        json.writeNumberField("sockets_joined", socketsJoined);
        json.writeEndObject();
    }
}
