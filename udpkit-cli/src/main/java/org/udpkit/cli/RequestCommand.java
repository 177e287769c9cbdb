package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonGenerator;
import org.HdrHistogram.Histogram;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.KeyFileException;
import org.udpkit.protocol.QuotedText;
import org.udpkit.protocol.SharedKey;
import org.udpkit.request.Connection;
import org.udpkit.request.RequestOutcome;
import org.udpkit.request.RequestSettings;
import org.udpkit.request.Requester;
import org.udpkit.request.RequesterCounts;
import org.udpkit.request.RetransmissionPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code udpkit request}: requests of the ID protocol to a server started with {@code --protocol ids}, many in
 * flight on one socket, retransmitted on an adaptive timeout; a line per request and a summary.
 */
@Command(name = "request",
        description = {"Send requests of the ID protocol (docs/protocol.md) and print each outcome and a summary.",
                "Try it on 'udpkit local server --protocol ids'. Each request carries a random 64-bit ID that the reply "
                        + "repeats; replies with an unknown ID, from another address or (with --key-file) without a valid "
                        + "tag are never taken, only counted. Retransmits on a timeout learned from measured round trips "
                        + "(RFC 6298). Exits 1 when a request is not answered."})
final class RequestCommand extends UdpkitCommand {
    /** Round trips above this (in nanoseconds) are recorded as this: the deadline is at most an hour. */
    private static final long HIGHEST_RTT_NANOS = TimeUnit.HOURS.toNanos(1);
    /** The most requests in one run. */
    static final int MAX_COUNT = 1_000_000;

    @Parameters(index = "0", paramLabel = "HOST", description = "the server's host, e.g. 127.0.0.1 or ::1")
    String host;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "MESSAGE", description = "what to send; one request per MESSAGE")
    List<String> messages;
    @Mixin
    PortOption port;
    @Option(names = {"-n", "--count"}, paramLabel = "N",
            description = "requests in all, taking the messages in turn (default: one per MESSAGE; at most 1000000)")
    Integer count;
    @Option(names = {"-c", "--concurrency"}, paramLabel = "C",
            description = "requests in flight at once on the one socket (default ${DEFAULT-VALUE}, at most 65536)")
    int concurrency = 1;
    @Option(names = "--deadline", paramLabel = "SECONDS",
            description = "how long each request is tried in all (default ${DEFAULT-VALUE}, at most 3600)")
    double deadlineSeconds = 10;
    @Option(names = "--key-file", paramLabel = "FILE",
            description = "the key the server has (--key-file there too): requests and replies carry its HMAC-SHA256 "
                    + "tag, and no reply without a valid one is taken")
    Path keyFile;
    @Option(names = "--no-connect", negatable = false,
            description = "leave the socket unconnected: datagrams from any address arrive (and are counted as forged)")
    boolean noConnect;
    @Option(names = {"-q", "--quiet"}, description = "no line per request, only the summary")
    boolean quiet;
    @Mixin
    JsonOption output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        RequestSettings settings = settings();
        int total = count == null ? messages.size() : count;
        if (total < 1 || total > MAX_COUNT) {
            throw new UsageException("--count must be from 1 to " + MAX_COUNT + ", not " + total);
        }
        List<byte[]> payloads = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            payloads.add(messages.get(i % messages.size()).getBytes(StandardCharsets.UTF_8));
        }
        InetSocketAddress server = Addresses.destination(host, port.port);
        Histogram rtt = new Histogram(HIGHEST_RTT_NANOS, 3);
        List<RequestOutcome> outcomes;
        RequesterCounts counts;
        try (Requester requester = Requester.open(server, settings)) {
            if (!output.json) {
                err.println("Requests of the ID protocol to " + Endpoints.format(server)
                        + (settings.key().isPresent() ? ", tagged with the key" : ", untagged (no --key-file)")
                        + (noConnect ? ", unconnected" : ", connected"));
                err.flush();
            }
            boolean perRequest = !quiet && !output.json;
            outcomes = requester.requestAll(payloads, outcome -> {
                if (outcome instanceof RequestOutcome.Answered answered) {
                    rtt.recordValue(Math.min(HIGHEST_RTT_NANOS, answered.rtt().toNanos()));
                }
                if (perRequest) {
                    out.println(line(outcome));
                }
            });
            counts = requester.counts();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (output.json) {
            Json.write(out, json -> writeJson(json, server, settings, outcomes, counts, rtt));
        } else {
            out.println(summary(counts, rtt));
            out.flush();
        }
        if (counts.answered() < counts.requests()) {
            err.println(String.format(Locale.ROOT, "udpkit: %,d of %,d requests to %s were not answered%s",
                    counts.requests() - counts.answered(), counts.requests(), Endpoints.format(server),
                    counts.refused() > 0 ? ": nobody is listening there" : ""));
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private RequestSettings settings() {
        if (!(deadlineSeconds > 0 && deadlineSeconds <= RequestSettings.MAX_DEADLINE.toSeconds())) {
            throw new UsageException("--deadline must be more than 0 and at most 3600 seconds, not " + deadlineSeconds);
        }
        if (concurrency < 1 || concurrency > RequestSettings.MAX_CONCURRENCY) {
            throw new UsageException("--concurrency must be from 1 to " + RequestSettings.MAX_CONCURRENCY + ", not " + concurrency);
        }
        Optional<SharedKey> key;
        try {
            key = keyFile == null ? Optional.empty() : Optional.of(SharedKey.read(keyFile));
        } catch (KeyFileException e) {
            throw new UsageException("--key-file: " + e.getMessage());
        }
        return new RequestSettings(key, RetransmissionPolicy.Adaptive.defaults(),
                Duration.ofNanos((long) (deadlineSeconds * 1e9)), concurrency,
                noConnect ? Connection.UNCONNECTED : Connection.CONNECTED);
    }

    private static String line(RequestOutcome outcome) {
        String head = String.format(Locale.ROOT, "#%d id %016x ", outcome.index(), outcome.id());
        return head + switch (outcome) {
            case RequestOutcome.Answered a -> String.format(Locale.ROOT, "answered in %.3f ms (attempt %d of %d): %s",
                    a.rtt().toNanos() / 1e6, a.transmission(), a.attempts(), QuotedText.of(ByteBuffer.wrap(a.reply()), 200));
            case RequestOutcome.TimedOut t -> "timed out after " + attempts(t.attempts());
            case RequestOutcome.Refused r -> "refused (port unreachable) after " + attempts(r.attempts());
        };
    }

    private static String attempts(int n) {
        return n + (n == 1 ? " attempt" : " attempts");
    }

    private static String summary(RequesterCounts c, Histogram h) {
        String rtt = BenchCommand.rttLine(h);
        return String.format(Locale.ROOT,
                "requests %,d  answered %,d  timed out %,d  refused %,d   sent %,d (%,d retransmissions)"
                        + "   duplicates %,d  stale %,d  forged %,d  not understood %,d%n%s",
                c.requests(), c.answered(), c.timedOut(), c.refused(), c.sent(), c.retransmissions(),
                c.duplicates(), c.stale(), c.forged(), c.notUnderstood(), rtt);
    }

    /** One object: the settings, the counts, the RTT percentiles and each request. Fields: docs/json.md. */
    private static void writeJson(JsonGenerator json, InetSocketAddress server, RequestSettings s,
                                  List<RequestOutcome> outcomes, RequesterCounts c, Histogram h) throws IOException {
        json.writeStartObject();
        json.writeStringField("target", Endpoints.format(server));
        json.writeBooleanField("keyed", s.key().isPresent());
        json.writeBooleanField("connected", s.connection() == Connection.CONNECTED);
        json.writeNumberField("concurrency", s.concurrency());
        json.writeNumberField("deadline_s", s.deadline().toNanos() / 1e9);
        json.writeNumberField("requests", c.requests());
        json.writeNumberField("answered", c.answered());
        json.writeNumberField("timed_out", c.timedOut());
        json.writeNumberField("refused", c.refused());
        json.writeNumberField("sent", c.sent());
        json.writeNumberField("retransmissions", c.retransmissions());
        json.writeNumberField("duplicates", c.duplicates());
        json.writeNumberField("stale", c.stale());
        json.writeNumberField("forged", c.forged());
        json.writeNumberField("not_understood", c.notUnderstood());
        BenchCommand.writeRtt(json, h);
        json.writeArrayFieldStart("outcomes");
        for (RequestOutcome outcome : outcomes) {
            json.writeStartObject();
            json.writeNumberField("index", outcome.index());
            json.writeStringField("id", String.format(Locale.ROOT, "%016x", outcome.id()));
            json.writeNumberField("attempts", outcome.attempts());
            switch (outcome) {
                case RequestOutcome.Answered a -> {
                    json.writeStringField("outcome", "answered");
                    json.writeNumberField("transmission", a.transmission());
                    json.writeNumberField("rtt_us", a.rtt().toNanos() / 1000.0);
                    json.writeStringField("reply", a.text());
                }
                case RequestOutcome.TimedOut t -> json.writeStringField("outcome", "timed_out");
                case RequestOutcome.Refused r -> json.writeStringField("outcome", "refused");
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
