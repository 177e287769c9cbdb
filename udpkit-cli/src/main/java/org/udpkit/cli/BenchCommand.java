package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonGenerator;
import org.HdrHistogram.Histogram;
import org.udpkit.load.LoadGenerator;
import org.udpkit.load.LoadProgress;
import org.udpkit.load.LoadProtocol;
import org.udpkit.load.LoadResult;
import org.udpkit.load.LoadSettings;
import org.udpkit.load.Pacing;
import org.udpkit.load.ProgressListener;
import org.udpkit.load.RttRecorder;
import org.udpkit.net.Endpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code udpkit bench}: loads a server of the book's protocol and reports replies/s, loss and RTT
 * percentiles; exits 1 when a reply is wrong or more is lost than {@code --max-loss} allows.
 */
@Command(name = "bench",
        // One element per paragraph: picocli wraps each to the terminal, so a break inside a sentence would show.
        description = {"Load a server of the book's protocol and measure replies/s, loss and round-trip times.",
                "Try it on 'udpkit local server -q'. Closed loop with a window of requests in flight, or open loop "
                        + "at a fixed rate (--rate). Requests in flight on a socket have distinct sizes (from --size "
                        + "up), so that each reply names its request. Exits 1 on any wrong reply, or when the loss is "
                        + "over --max-loss."})
final class BenchCommand extends UdpkitCommand {
    /** Between the points of a --plot's replies/s curve. */
    private static final Duration PLOT_INTERVAL = Duration.ofMillis(100);
    /** Round trips above this (in nanoseconds) are recorded as this: a reply that late is loss anyway. */
    private static final long HIGHEST_RTT_NANOS = TimeUnit.SECONDS.toNanos(60);

    @Parameters(index = "0", paramLabel = "HOST", description = "the server's host, e.g. 127.0.0.1 or ::1")
    String host;
    @Mixin
    PortOption port;
    @Option(names = {"-w", "--window"}, paramLabel = "W", converter = CountConverter.Window.class,
            description = "requests in flight at most, over all sockets (default ${DEFAULT-VALUE}; 1 is ping-pong)")
    int window = 64;
    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", converter = CountConverter.DatagramBytes.class,
            description = "the smallest request: sizes go up to BYTES + 4 W/N - 1 (W/N the window per socket), at most 65507 (default ${DEFAULT-VALUE})")
    int size = 64;
    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", converter = SecondsConverter.Positive.class,
            defaultValue = "1", description = "a request with no answer after this long is lost; up to 60 (default ${DEFAULT-VALUE})")
    Duration timeout;
    @Option(names = "--max-loss", paramLabel = "FRACTION", converter = FractionConverter.class, defaultValue = "0",
            description = "exit 1 when more than this is lost: 0.05 or 5%% (default ${DEFAULT-VALUE}: any loss fails)")
    double lossAllowed;
    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS", converter = SecondsConverter.Positive.class,
            defaultValue = "5", description = "length of the timed part, up to a day (default ${DEFAULT-VALUE})")
    Duration duration;
    @Option(names = "--warmup", paramLabel = "SECONDS", converter = SecondsConverter.OrZero.class, defaultValue = "1",
            description = "load before the timed part, not counted, up to a day (default ${DEFAULT-VALUE})")
    Duration warmup;
    @Option(names = {"-r", "--rate"}, paramLabel = "R", converter = RateConverter.PerSecondOrZero.class,
            description = "open loop: send R requests per second in all (up to 1e9), whatever comes back; 0, the default, is a closed loop")
    double rate;
    @Option(names = "--sockets", paramLabel = "N", converter = CountConverter.Sockets.class,
            description = "client sockets (each has its own port, so a server's SO_REUSEPORT workers all get load; default ${DEFAULT-VALUE})")
    int sockets = 1;
    @Mixin
    ProtocolOption protocol;
    @Mixin
    JsonOption output;
    @Option(names = "--no-progress", negatable = false, description = "no progress line while running")
    boolean noProgress;
    @Option(names = "--plot", paramLabel = "FILE",
            description = "also draw the RTT percentiles and the replies/s over time into FILE, an .svg or a .png")
    Path plot;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        InetSocketAddress target = Addresses.destination(host, port.port);
        LoadSettings settings;
        try {
            // A plot wants a point every tenth of a second; the progress line is content with one a second.
            settings = new LoadSettings(target, pacing(), size, duration, warmup, sockets, timeout,
                    plot != null ? PLOT_INTERVAL : Duration.ofSeconds(1), protocol.forLoad());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (plot != null) {
            BenchPlot.Format.of(plot); // a name it cannot draw is a usage error before the run, not after
        }
        if (!output.json) {
            out.println(describe(settings));
            out.flush();
        }
        Histogram histogram = new Histogram(HIGHEST_RTT_NANOS, 3);
        RttRecorder recorder = nanos -> histogram.recordValue(Math.min(HIGHEST_RTT_NANOS, Math.max(0, nanos)));
        // The progress line rewrites itself with terminal escapes: for a person watching, never for a file or pipe.
        boolean showProgress = !noProgress && Terminal.STDERR.isTerminal();
        List<LoadProgress> points = new ArrayList<>();
        ProgressListener listener = p -> {
            if (showProgress) {
                progress(p, err);
            }
            if (plot != null) {
                points.add(p);
            }
        };
        LoadResult result = LoadGenerator.run(settings, recorder, listener);
        if (showProgress) {
            err.print("\r\033[K");
            err.flush();
        }
        if (plot != null) {
            BenchPlot.write(plot, describe(settings), histogram, points);
        }
        if (output.json) {
            Json.write(out, json -> writeJson(json, settings, result, histogram));
        } else {
            out.println(text(result, histogram));
            out.flush();
        }
        return verdict(result, target, lossAllowed, err);
    }

    /**
     * Exit 1 with one sentence when the server answered wrong, not at all, or lost more than allowed; a
     * note, not a failure, when an open loop could not offer its whole rate.
     */
    private static int verdict(LoadResult result, InetSocketAddress target, double lossAllowed, PrintWriter err) {
        String server = Endpoints.format(target);
        if (result.notSent() > 0) {
            err.println(String.format(Locale.ROOT, "udpkit: %,d requests fell due while the whole window was in "
                    + "flight and were not sent: a larger --window offers the whole rate", result.notSent()));
        }
        if (result.wrong() > 0) {
            err.println(String.format(Locale.ROOT, "udpkit: %,d replies from %s were not the book's answer to any "
                    + "request sent: is it a server of the book's protocol?", result.wrong(), server));
            return ExitCodes.FAILURE;
        }
        if (result.answered() == 0) {
            err.println("udpkit: no replies from " + server
                    + (result.refused() > 0 ? ": nobody is listening there" : ": is a server of the book's protocol running there?"));
            return ExitCodes.FAILURE;
        }
        double loss = result.lossRatio().orElse(0);
        if (loss > lossAllowed) {
            err.println(String.format(Locale.ROOT, "udpkit: %s lost %,d of %,d requests (%.3f%%), more than --max-loss %s allows",
                    server, result.lost(), result.sent(), 100 * loss, percent(lossAllowed)));
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.3f%%", 100 * fraction);
    }

    /** {@code --rate 0}, the default, is a closed loop: that is what the option means, not a library value. */
    private Pacing pacing() {
        return rate == 0 ? new Pacing.ClosedLoop(window) : new Pacing.OpenLoop(rate, window);
    }

    /** The rate for the JSON report: 0 for a closed loop, as {@code --rate} says it. */
    private static double rate(Pacing pacing) {
        return switch (pacing) {
            case Pacing.ClosedLoop closed -> 0;
            case Pacing.OpenLoop open -> open.requestsPerSecond();
        };
    }

    private static String describe(LoadSettings s) {
        String loop = switch (s.pacing()) {
            case Pacing.OpenLoop open -> String.format(Locale.ROOT, "open loop at %,.0f requests/s (at most %d in flight)",
                    open.requestsPerSecond(), open.maxInFlight());
            case Pacing.ClosedLoop closed -> "closed loop, window " + closed.window();
        };
        return String.format(Locale.ROOT,
                "Loading %s: %s, requests of %d bytes and up, %d socket%s, %s s (after %s s of warm-up), timeout %s s%s",
                Endpoints.format(s.target()), loop, s.payloadBytes(), s.sockets(), s.sockets() == 1 ? "" : "s",
                plain(s.duration()), plain(s.warmup()), plain(s.timeout()), protocolName(s.protocol()));
    }

    /** Nothing for the book's protocol, as before; the ID protocol is named. */
    private static String protocolName(LoadProtocol protocol) {
        return switch (protocol) {
            case LoadProtocol.Book book -> "";
            case LoadProtocol.Ids ids -> ids.key().isPresent() ? ", ID protocol with HMAC tags" : ", ID protocol";
        };
    }

    private static String plain(Duration d) {
        return String.format(Locale.ROOT, "%.3g", d.toNanos() / 1e9);
    }

    private static void progress(LoadProgress p, PrintWriter err) {
        err.print(String.format(Locale.ROOT, "\r\033[K%5.1f s %s sent %,d received %,d  %,.0f replies/s",
                p.elapsedSeconds(), p.warmingUp() ? "(warm-up)" : "", p.sent(), p.received(), p.recentRepliesPerSecond()));
        err.flush();
    }

    /** The round trips' line of a text report. */
    static String rttLine(Histogram h) {
        return h.getTotalCount() == 0 ? "RTT: no round trips"
                : String.format(Locale.ROOT, "RTT us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  (%,d round trips)",
                        percentile(h, 50), percentile(h, 90), percentile(h, 99), percentile(h, 99.9),
                        h.getMaxValue() / 1000.0, h.getTotalCount());
    }

    private static String text(LoadResult r, Histogram h) {
        String rtt = rttLine(h);
        return String.format(Locale.ROOT,
                "replies/s %,.0f   sent %,d  answered %,d in %.2f s   lost %,d%s   late %,d   duplicates %,d   wrong replies %,d%s%n%s",
                r.answeredPerSecond(), r.sent(), r.answered(), r.seconds(), r.lost(),
                r.lossRatio().isPresent() ? " (" + percent(r.lossRatio().getAsDouble()) + ")" : "",
                r.late(), r.duplicates(), r.wrong(),
                r.notSent() == 0 ? "" : String.format(Locale.ROOT, "   not sent (window full) %,d", r.notSent()), rtt);
    }

    /** One object; figures that do not exist (no round trips, nothing sent) are left out. Fields: docs/json.md. */
    private static void writeJson(JsonGenerator json, LoadSettings s, LoadResult r, Histogram h) throws IOException {
        json.writeStartObject();
        json.writeStringField("target", Endpoints.format(s.target()));
        json.writeNumberField("window", s.pacing().maxInFlight());
        json.writeNumberField("size", s.payloadBytes());
        json.writeNumberField("sockets", s.sockets());
        json.writeNumberField("rate", rate(s.pacing()));
        json.writeNumberField("timeout_s", s.timeout().toNanos() / 1e9);
        json.writeStringField("protocol", switch (s.protocol()) {
            case LoadProtocol.Book book -> "book";
            case LoadProtocol.Ids ids -> ids.key().isPresent() ? "ids-keyed" : "ids";
        });
        json.writeNumberField("seconds", r.seconds());
        json.writeNumberField("replies_per_s", r.answeredPerSecond());
        json.writeNumberField("sent", r.sent());
        json.writeNumberField("answered", r.answered());
        json.writeNumberField("lost", r.lost());
        if (r.lossRatio().isPresent()) {
            json.writeNumberField("loss_ratio", r.lossRatio().getAsDouble());
        }
        json.writeNumberField("late", r.late());
        json.writeNumberField("duplicates", r.duplicates());
        json.writeNumberField("wrong", r.wrong());
        json.writeNumberField("not_sent_window_full", r.notSent());
        json.writeNumberField("refused", r.refused());
        json.writeNumberField("sent_total", r.sentTotal());
        json.writeNumberField("received_total", r.receivedTotal());
        writeRtt(json, h);
        json.writeEndObject();
    }

    /** The {@code rtt_us} object of a report (docs/json.md): the count, and percentiles when there is a round trip. */
    static void writeRtt(JsonGenerator json, Histogram h) throws IOException {
        json.writeObjectFieldStart("rtt_us");
        json.writeNumberField("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            json.writeNumberField("p50", percentile(h, 50));
            json.writeNumberField("p90", percentile(h, 90));
            json.writeNumberField("p99", percentile(h, 99));
            json.writeNumberField("p999", percentile(h, 99.9));
            json.writeNumberField("max", h.getMaxValue() / 1000.0);
        }
        json.writeEndObject();
    }

    /** The {@code p}th percentile in microseconds, of a histogram with at least one round trip. */
    private static double percentile(Histogram h, double p) {
        return h.getValueAtPercentile(p) / 1000.0;
    }
}
