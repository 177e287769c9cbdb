package org.udpkit.cli;

import java.time.Duration;
import java.util.Optional;

import picocli.CommandLine.Option;

/**
 * {@code --interval S}: a line of what happened every S seconds, as iperf3 prints them; by default every
 * second when a person watches the stream the lines go to; 0 for never.
 */
final class IntervalOption {
    private static final double FEWEST_SECONDS = 0.001;
    private static final double MOST_SECONDS = 86_400;

    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS",
            description = "print what happened every this often (default: every second on a terminal; 0 for never)")
    Optional<Double> seconds;

    /** How often to print, if at all; {@code watched} is whether a person reads where the lines go. */
    Optional<Duration> period(Terminal watched) {
        if (seconds.isEmpty()) {
            return watched.isTerminal() ? Optional.of(Duration.ofSeconds(1)) : Optional.empty();
        }
        double asked = seconds.get();
        if (asked == 0) {
            return Optional.empty();
        }
        if (!(asked >= FEWEST_SECONDS && asked <= MOST_SECONDS)) {
            throw new UsageException("--interval must be 0 (never) or between " + FEWEST_SECONDS + " and "
                    + (long) MOST_SECONDS + " seconds, not " + asked);
        }
        return Optional.of(Duration.ofNanos((long) (asked * 1e9)));
    }
}
