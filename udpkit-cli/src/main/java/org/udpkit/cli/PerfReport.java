package org.udpkit.cli;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

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

    static String json(String target, TestSettings test, SendSummary sent, PerfResults r, List<IntervalCount> intervals) {
        return String.format(Locale.ROOT, "{\"target\":\"%s\",\"stream\":%d,\"size\":%d,\"rate\":%s,\"duration\":%.3f,"
                        + "\"sender\":{\"sent\":%d,\"seconds\":%.6f,\"datagrams_per_s\":%.1f,\"bits_per_s\":%.0f,\"refused\":%d},"
                        + "\"receiver\":%s,\"intervals\":[%s]}",
                target, test.streamId(), test.size(), jsonRate(test.rate()), test.duration().toNanos() / 1e9,
                sent.sent(), sent.nanos() / 1e9, sent.datagramsPerSecond(), sent.payloadBitsPerSecond(), sent.refused(),
                jsonReceiver(r), intervals.stream().map(PerfReport::jsonInterval).collect(Collectors.joining(",")));
    }

    static String jsonServer(String client, TestSettings test, PerfResults r) {
        return String.format(Locale.ROOT, "{\"client\":\"%s\",\"stream\":%d,\"size\":%d,\"rate\":%s,\"receiver\":%s}",
                client, test.streamId(), test.size(), jsonRate(test.rate()), jsonReceiver(r));
    }

    private static String jsonRate(Rate rate) {
        return switch (rate) {
            case Rate.Max max -> "\"max\"";
            case Rate.PerSecond perSecond -> String.format(Locale.ROOT, "%.3f", perSecond.datagrams());
        };
    }

    private static String jsonReceiver(PerfResults r) {
        String delay = r.delay().map(d -> String.format(Locale.ROOT,
                "{\"min\":%.6f,\"mean\":%.6f,\"max\":%.6f,\"variation\":%.6f}", d.minNanos() / 1e6,
                r.delayMeanNanos() / 1e6, d.maxNanos() / 1e6, d.variationNanos() / 1e6)).orElse("null");
        return String.format(Locale.ROOT, "{\"sent\":%d,\"received\":%d,\"lost\":%d,\"loss_ratio\":%.6f,\"duplicates\":%d,"
                        + "\"reordered\":%d,\"reordered_ratio\":%.6f,\"reorder_extent_max\":%d,\"reorder_extent_mean\":%.3f,"
                        + "\"beyond_window\":%d,\"seconds\":%.6f,\"datagrams_per_s\":%.1f,\"bits_per_s\":%.0f,"
                        + "\"wire_bits_per_s\":%.0f,\"jitter_ms\":%.6f,\"one_way_delay_ms\":%s}",
                r.sent(), r.received(), r.lost(), r.lossRatio(), r.duplicates(), r.reordered(), r.reorderedRatio(),
                r.reorderExtentMax(), r.reorderExtentMean(), r.beyondWindow(), r.seconds(), r.datagramsPerSecond(),
                r.payloadBitsPerSecond(), r.wireBitsPerSecond(), r.jitterNanos() / 1e6, delay);
    }

    static String jsonInterval(IntervalCount c) {
        return String.format(Locale.ROOT, "{\"start\":%.6f,\"end\":%.6f,\"datagrams\":%d,\"datagrams_per_s\":%.1f,\"bits_per_s\":%.0f}",
                c.startSeconds(), c.endSeconds(), c.datagrams(), c.datagramsPerSecond(), c.payloadBitsPerSecond());
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3g", nanos / 1e9);
    }
}
