package org.udpkit.cli;

import java.util.Optional;

import org.udpkit.server.ServerOptions;
import picocli.CommandLine.Option;

/**
 * {@code udpkit remote server}'s faults in the requests, before the handler sees them: a delayed, duplicated or
 * reordered request is handed to the handler later (or twice). Requests are dropped by {@code --drop}, which
 * prints the book's line for each.
 */
final class RequestFaultFlags {
    @Option(names = "--delay-requests", paramLabel = "D[±J]", converter = DelaySpec.Converter.class,
            description = "hold requests this long before handling them, give or take J, e.g. 50ms±20ms (at most 60 s)")
    Optional<DelaySpec> delay;

    @Option(names = "--delay-requests-fraction", paramLabel = "P", converter = FractionConverter.class,
            description = "fraction of requests that --delay-requests holds (default ${DEFAULT-VALUE})")
    double delayFraction = 1;

    @Option(names = "--duplicate-requests", paramLabel = "P", converter = FractionConverter.class,
            description = "fraction of requests to handle twice (default 0)")
    double duplicate;

    @Option(names = "--reorder-requests", paramLabel = "P", converter = FractionConverter.class,
            description = "fraction of requests to hold until the next one has been handled (default 0)")
    double reorder;

    /** {@code options} with these faults, drawn from {@code seed}. */
    ServerOptions applyTo(ServerOptions options, long seed) {
        return options.withRequestFaults(settings().toFaults(seed));
    }

    FaultSettings settings() {
        return new FaultSettings(0, delay, delayFraction, duplicate, reorder);
    }
}
