package org.udpkit.cli;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;
import org.udpkit.perf.IntervalCount;
import org.udpkit.perf.PerfResults;
import org.udpkit.perf.Rate;
import org.udpkit.perf.SendSummary;
import org.udpkit.perf.TestSettings;

/** How {@code udpkit perf} prints a test, as text or JSON; both ends print the receiver's part the same way. */
final class PerfReport {
    private PerfReport() {
    }

    static String describe(TestSettings test) {
        return String.format(Locale.ROOT, "%d-byte datagrams at %s for %s s (stream %d)", test.size(), rate(test.rate()),
                seconds(test.duration().toNanos()), test.streamId());
    }

    static String rate(Rate rate) {
        return switch (rate) {
            case Rate.Max max -> "max";
            case Rate.PerSecond perSecond -> String.format(Locale.ROOT, "%,.0f datagrams/s", perSecond.datagrams());
        };
    }

    /** One iperf3-like interval line; {@code verb} is "sent" or "received". */
    static String interval(IntervalCount count, String verb) {
        return String.format(Locale.ROOT, "%7.2f-%-7.2f s  %s %,12d datagrams  %,12.0f datagrams/s  %10s",
                count.startSeconds(), count.endSeconds(), verb, count.datagrams(), count.datagramsPerSecond(),
                bits(count.payloadBitsPerSecond()));
    }

    static String sender(SendSummary sent) {
        return String.format(Locale.ROOT, "sender:   sent %,d datagrams in %.2f s: %,.0f datagrams/s, %s%s", sent.sent(),
                sent.nanos() / 1e9, sent.datagramsPerSecond(), bits(sent.payloadBitsPerSecond()),
                sent.refused() == 0 ? "" : String.format(Locale.ROOT, " (%,d sends refused: nothing listening)", sent.refused()));
    }

    static String receiver(PerfResults r) {
        String lines = String.format(Locale.ROOT,
                "receiver: received %,d of %,d datagrams in %.2f s: %,.0f datagrams/s, %s payload, %s with IP/UDP headers%n"
                        + "          lost %,d (%.3f%%)  duplicates %,d  reordered %,d (%.3f%%, extent max %d, mean %.1f)%s%n"
                        + "          jitter %.3f ms",
                r.received(), r.sent(), r.seconds(), r.datagramsPerSecond(), bits(r.payloadBitsPerSecond()),
                bits(r.wireBitsPerSecond()), r.lost(), 100 * r.lossRatio(), r.duplicates(), r.reordered(),
                100 * r.reorderedRatio(), r.reorderExtentMax(), r.reorderExtentMean(),
                r.beyondWindow() == 0 ? "" : String.format(Locale.ROOT, " (%,d too late to check for duplicates)", r.beyondWindow()),
                r.jitterNanos() / 1e6);
        return lines + r.delay().map(d -> String.format(Locale.ROOT,
                "  one-way delay min %.3f mean %.3f max %.3f ms (variation %.3f ms)", d.minNanos() / 1e6,
                r.delayMeanNanos() / 1e6, d.maxNanos() / 1e6, d.variationNanos() / 1e6)).orElse("");
    }

    /** Bits per second with a unit people read: "812.3 Mbit/s". */
    static String bits(double perSecond) {
        if (perSecond >= 1e9) {
            return String.format(Locale.ROOT, "%.2f Gbit/s", perSecond / 1e9);
        }
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.1f Mbit/s", perSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f kbit/s", perSecond / 1e3);
    }

    /** The client's report: docs/json.md. */
    static void json(JsonGenerator json, String target, TestSettings test, SendSummary sent, PerfResults r,
                     List<IntervalCount> intervals) throws IOException {
        clientReport(json, "target", target, test, r, intervals, g -> {
            g.writeNumberField("sent", sent.sent());
            g.writeNumberField("seconds", sent.nanos() / 1e9);
            g.writeNumberField("datagrams_per_s", sent.datagramsPerSecond());
            g.writeNumberField("bits_per_s", sent.payloadBitsPerSecond());
            g.writeNumberField("refused", sent.refused());
        });
    }

    /** The client's report of a --reverse test, where the server sent and only its count is known: docs/json.md. */
    static void jsonReverse(JsonGenerator json, String source, TestSettings test, PerfResults r,
                            List<IntervalCount> intervals) throws IOException {
        clientReport(json, "source", source, test, r, intervals, g -> g.writeNumberField("sent", r.sent()));
    }

    /** A client's report, the peer named by {@code peerField}, with what is known of the sender. */
    private static void clientReport(JsonGenerator json, String peerField, String peer, TestSettings test,
                                     PerfResults r, List<IntervalCount> intervals, Json.Body sender) throws IOException {
        json.writeStartObject();
        json.writeStringField(peerField, peer);
        test(json, test);
        json.writeNumberField("duration", test.duration().toNanos() / 1e9);
        json.writeObjectFieldStart("sender");
        sender.write(json);
        json.writeEndObject();
        json.writeFieldName("receiver");
        receiver(json, r);
        json.writeArrayFieldStart("intervals");
        for (IntervalCount count : intervals) {
            interval(json, count);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** The server's report of one test: docs/json.md. */
    static void jsonServer(JsonGenerator json, String client, TestSettings test, PerfResults r) throws IOException {
        json.writeStartObject();
        json.writeStringField("client", client);
        test(json, test);
        json.writeFieldName("receiver");
        receiver(json, r);
        json.writeEndObject();
    }

    private static void test(JsonGenerator json, TestSettings test) throws IOException {
        json.writeNumberField("stream", test.streamId());
        json.writeNumberField("size", test.size());
        switch (test.rate()) {
            case Rate.Max max -> json.writeStringField("rate", "max");
            case Rate.PerSecond perSecond -> json.writeNumberField("rate", perSecond.datagrams());
        }
    }

    private static void receiver(JsonGenerator json, PerfResults r) throws IOException {
        json.writeStartObject();
        json.writeNumberField("sent", r.sent());
        json.writeNumberField("received", r.received());
        json.writeNumberField("lost", r.lost());
        json.writeNumberField("loss_ratio", r.lossRatio());
        json.writeNumberField("duplicates", r.duplicates());
        json.writeNumberField("reordered", r.reordered());
        json.writeNumberField("reordered_ratio", r.reorderedRatio());
        json.writeNumberField("reorder_extent_max", r.reorderExtentMax());
        json.writeNumberField("reorder_extent_mean", r.reorderExtentMean());
        json.writeNumberField("beyond_window", r.beyondWindow());
        json.writeNumberField("seconds", r.seconds());
        json.writeNumberField("datagrams_per_s", r.datagramsPerSecond());
        json.writeNumberField("bits_per_s", r.payloadBitsPerSecond());
        json.writeNumberField("wire_bits_per_s", r.wireBitsPerSecond());
        json.writeNumberField("jitter_ms", r.jitterNanos() / 1e6);
        if (r.delay().isPresent()) {
            var delay = r.delay().get();
            json.writeObjectFieldStart("one_way_delay_ms");
            json.writeNumberField("min", delay.minNanos() / 1e6);
            json.writeNumberField("mean", r.delayMeanNanos() / 1e6);
            json.writeNumberField("max", delay.maxNanos() / 1e6);
            json.writeNumberField("variation", delay.variationNanos() / 1e6);
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /** One interval, as an element of the client's {@code intervals} or a line of its own from the server. */
    static void interval(JsonGenerator json, IntervalCount c) throws IOException {
        json.writeStartObject();
        json.writeNumberField("start", c.startSeconds());
        json.writeNumberField("end", c.endSeconds());
        json.writeNumberField("datagrams", c.datagrams());
        json.writeNumberField("datagrams_per_s", c.datagramsPerSecond());
        json.writeNumberField("bits_per_s", c.payloadBitsPerSecond());
        json.writeEndObject();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3g", nanos / 1e9);
    }
}
