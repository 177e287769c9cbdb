package org.udpkit.cli;

import java.util.Optional;

import org.udpkit.server.ReplyFaults;
import org.udpkit.server.ServerOptions;
import picocli.CommandLine.Option;

/** {@code udpkit remote server}'s faults in its replies: a misbehaving peer to test clients against, repeatably. */
final class ReplyFaultFlags {
    @Option(names = "--drop-replies", paramLabel = "P", converter = FractionConverter.class, description = "fraction of replies to drop (default 0)")
    double dropReplies;

    @Option(names = "--delay", paramLabel = "D[±J]", converter = DelaySpec.Converter.class,
            description = "hold replies this long, give or take J, e.g. 50ms±20ms or 50ms+-20ms (at most 60 s)")
    Optional<DelaySpec> delay;

    @Option(names = "--delay-fraction", paramLabel = "P", converter = FractionConverter.class,
            description = "fraction of replies that --delay holds (default ${DEFAULT-VALUE})")
    double delayFraction = 1;

    @Option(names = "--duplicate", paramLabel = "P", converter = FractionConverter.class, description = "fraction of replies to send twice (default 0)")
    double duplicate;

    @Option(names = "--reorder", paramLabel = "P", converter = FractionConverter.class,
            description = "fraction of replies to hold until the next one has gone out (default 0)")
    double reorder;

    /** {@code options} with these faults, drawn from {@code seed}. */
    ServerOptions applyTo(ServerOptions options, long seed) {
        ReplyFaults faults = ReplyFaults.none(seed).withDrop(dropReplies).withDuplicate(duplicate).withReorder(reorder);
        if (delay.isPresent()) {
            faults = faults.withDelay(delayFraction, delay.get().delay(), delay.get().jitter());
        }
        return options.withFaults(faults);
    }

    /** Whether any fault is asked for, for the note at start. */
    boolean any() {
        return dropReplies > 0 || delay.isPresent() || duplicate > 0 || reorder > 0;
    }

    /** What the server does to its replies, in a sentence. */
    String describe() {
        StringBuilder text = new StringBuilder("Replies:");
        if (dropReplies > 0) {
            text.append(" dropping ").append(percent(dropReplies));
        }
        delay.ifPresent(d -> text.append(" delaying ").append(percent(delayFraction)).append(" by ")
                .append(d.delay().toNanos() / 1e6).append(" ms").append(d.jitter().isZero() ? ""
                        : " ± " + d.jitter().toNanos() / 1e6 + " ms"));
        if (duplicate > 0) {
            text.append(" duplicating ").append(percent(duplicate));
        }
        if (reorder > 0) {
            text.append(" reordering ").append(percent(reorder));
        }
        return text.toString();
    }

    private static String percent(double p) {
        return Math.round(p * 100) + "%";
    }
}
