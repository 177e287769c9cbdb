package org.udpkit.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.udpkit.load.LoadGenerator;
import org.udpkit.load.LoadProgress;
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

/** {@code udpkit bench}: loads a server of the book's protocol and reports replies/s, loss and RTT percentiles. */
@Command(name = "bench",
        description = {"Load a server of the book's protocol and measure replies/s, loss and round-trip times.",
                "Try it on 'udpkit local server -q'. Closed loop with a window of requests in flight,",
                "or open loop at a fixed rate (--rate)."})
final class BenchCommand extends UdpkitCommand {
    /** Round trips above this (in nanoseconds) are recorded as this: a reply that late is loss anyway. */
    private static final long HIGHEST_RTT_NANOS = TimeUnit.SECONDS.toNanos(60);

    @Parameters(index = "0", paramLabel = "HOST", description = "the server's host, e.g. 127.0.0.1 or ::1")
    String host;
    @Mixin
    PortOption port;
    @Option(names = {"-w", "--window"}, paramLabel = "W",
            description = "requests in flight at most, over all sockets (default ${DEFAULT-VALUE}; 1 is ping-pong)")
    int window = 64;
    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", description = "request payload size, 0 to 65507 (default ${DEFAULT-VALUE})")
    int size = 64;
    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS", description = "length of the timed part (default ${DEFAULT-VALUE})")
    double durationSeconds = 5;
    @Option(names = "--warmup", paramLabel = "SECONDS", description = "load before the timed part, not counted (default ${DEFAULT-VALUE})")
    double warmupSeconds = 1;
    @Option(names = {"-r", "--rate"}, paramLabel = "R",
            description = "open loop: send R requests per second in all, whatever comes back; 0, the default, is a closed loop")
    double rate;
    @Option(names = "--sockets", paramLabel = "N",
            description = "client sockets (each has its own port, so a server's SO_REUSEPORT workers all get load; default ${DEFAULT-VALUE})")
    int sockets = 1;
    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;
    @Option(names = "--no-progress", negatable = false, description = "no progress line while running")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        InetSocketAddress target = Addresses.destination(host, port.port);
        LoadSettings settings;
        try {
            Duration duration = seconds(durationSeconds, "--duration");
            Duration warmup = seconds(warmupSeconds, "--warmup");
            settings = new LoadSettings(target, pacing(), size, duration, warmup, sockets, Duration.ofSeconds(1));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (!json) {
            out.println(describe(settings));
            out.flush();
        }
        Histogram histogram = new Histogram(HIGHEST_RTT_NANOS, 3);
        RttRecorder recorder = nanos -> histogram.recordValue(Math.min(HIGHEST_RTT_NANOS, Math.max(0, nanos)));
        ProgressListener listener = noProgress ? ProgressListener.NONE : p -> progress(p, err);
        LoadResult result = LoadGenerator.run(settings, recorder, listener);
        if (!noProgress) {
            err.print("\r\033[K");
            err.flush();
        }
        out.println(json ? json(settings, result, histogram) : text(result, histogram));
        out.flush();
        if (result.received() == 0) {
            err.println("udpkit: no replies from " + Endpoints.format(target)
                    + (result.refused() > 0 ? ": nobody is listening there" : ": is a server of the book's protocol running there?"));
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
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

    private static Duration seconds(double value, String option) {
        if (!(value >= 0) || value > 86_400) {
            throw new UsageException(option + " must be between 0 and 86400 seconds, not " + value);
        }
        return Duration.ofNanos((long) (value * 1e9));
    }

    private static String describe(LoadSettings s) {
        String loop = switch (s.pacing()) {
            case Pacing.OpenLoop open -> String.format(Locale.ROOT, "open loop at %,.0f requests/s (at most %d in flight)",
                    open.requestsPerSecond(), open.maxInFlight());
            case Pacing.ClosedLoop closed -> "closed loop, window " + closed.window();
        };
        return String.format(Locale.ROOT, "Loading %s: %s, %d-byte requests, %d socket%s, %s s (after %s s of warm-up)",
                Endpoints.format(s.target()), loop, s.payloadBytes(), s.sockets(), s.sockets() == 1 ? "" : "s",
                plain(s.duration()), plain(s.warmup()));
    }

    private static String plain(Duration d) {
        return String.format(Locale.ROOT, "%.3g", d.toNanos() / 1e9);
    }

    private static void progress(LoadProgress p, PrintWriter err) {
        err.print(String.format(Locale.ROOT, "\r\033[K%5.1f s %s sent %,d received %,d  %,.0f replies/s",
                p.elapsedSeconds(), p.warmingUp() ? "(warm-up)" : "", p.sent(), p.received(), p.recentRepliesPerSecond()));
        err.flush();
    }

    private static String text(LoadResult r, Histogram h) {
        return String.format(Locale.ROOT,
                "replies/s %,.0f   sent %,d  received %,d in %.2f s   lost %,d (%.3f%%)   wrong replies %,d%n"
                        + "RTT us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  (%,d round trips)",
                r.repliesPerSecond(), r.sent(), r.received(), r.seconds(), r.lostTotal(), 100 * r.lossRatio(),
                r.wrongTotal(), percentile(h, 50), percentile(h, 90), percentile(h, 99), percentile(h, 99.9),
                h.getMaxValue() / 1000.0, h.getTotalCount());
    }

    private static String json(LoadSettings s, LoadResult r, Histogram h) {
        return String.format(Locale.ROOT,
                "{\"target\":\"%s\",\"window\":%d,\"size\":%d,\"sockets\":%d,\"rate\":%.0f,\"seconds\":%.3f,"
                        + "\"replies_per_s\":%.0f,\"sent\":%d,\"received\":%d,\"sent_total\":%d,\"lost\":%d,"
                        + "\"loss_ratio\":%.6f,\"wrong\":%d,\"refused\":%d,"
                        + "\"rtt_us\":{\"count\":%d,\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"p999\":%.1f,\"max\":%.1f}}",
                Endpoints.format(s.target()), s.pacing().maxInFlight(), s.payloadBytes(), s.sockets(), rate(s.pacing()),
                r.seconds(),
                r.repliesPerSecond(), r.sent(), r.received(), r.sentTotal(), r.lostTotal(), r.lossRatio(),
                r.wrongTotal(), r.refused(), h.getTotalCount(), percentile(h, 50), percentile(h, 90),
                percentile(h, 99), percentile(h, 99.9), h.getMaxValue() / 1000.0);
    }

    /** The {@code p}th percentile in microseconds. */
    private static double percentile(Histogram h, double p) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p) / 1000.0;
    }
}
