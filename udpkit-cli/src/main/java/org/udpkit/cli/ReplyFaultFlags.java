package org.udpkit.cli;

import java.util.Optional;

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
        return options.withReplyFaults(settings().toFaults(seed));
    }

    FaultSettings settings() {
        return new FaultSettings(dropReplies, delay, delayFraction, duplicate, reorder);
    }
}
