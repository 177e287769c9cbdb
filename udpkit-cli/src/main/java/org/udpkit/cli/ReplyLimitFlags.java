package org.udpkit.cli;

import org.udpkit.server.LimitMode;
import org.udpkit.server.ReflectorPorts;
import org.udpkit.server.ReplyLimits;
import org.udpkit.server.ServerOptions;
import picocli.CommandLine.Option;

/**
 * The servers' good manners that a user may change: the amplification cap, the reply budgets and the
 * reflector ports. The other loop guards (our own address, port 0, a reply of the book's protocol) are
 * always on and have no flag.
 */
final class ReplyLimitFlags {
    @Option(names = "--amplification-limit", paramLabel = "MODE",
            description = "send a source that has not proved it receives our replies at most 3 times its bytes:"
                    + " ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}: on unless bound to loopback, never for loopback sources)")
    LimitMode amplification = LimitMode.AUTO;

    @Option(names = "--reply-budget", paramLabel = "MODE",
            description = "limit the replies per second to each source address and prefix: ${COMPLETION-CANDIDATES}"
                    + " (default ${DEFAULT-VALUE}, as for --amplification-limit)")
    LimitMode budget = LimitMode.AUTO;

    @Option(names = "--budget-per-source", paramLabel = "N", converter = CountConverter.RepliesPerSecond.class,
            description = "replies per second (and in one burst) to one source address (default ${DEFAULT-VALUE})")
    int perSource = ReplyLimits.DEFAULT_PER_SOURCE;

    @Option(names = "--budget-per-prefix", paramLabel = "N", converter = CountConverter.RepliesPerSecond.class,
            description = "replies per second (and in one burst) to one /24 or /56 (default ${DEFAULT-VALUE})")
    int perPrefix = ReplyLimits.DEFAULT_PER_PREFIX;

    @Option(names = "--answer-reflector-ports",
            description = "also answer datagrams from the ports of echo, discard, systat, daytime, qotd, chargen and time"
                    + " (7, 9, 11, 13, 17, 19, 37), which are not answered by default")
    boolean answerReflectorPorts;

    /** {@code options} with these limits. */
    ServerOptions applyTo(ServerOptions options) {
        return options.withLimits(new ReplyLimits(amplification, budget, perSource, perPrefix,
                answerReflectorPorts ? ReflectorPorts.ANSWERED : ReflectorPorts.REFUSED));
    }
}
