package org.udpkit.cli;

import java.time.Duration;
import java.util.Optional;

import picocli.CommandLine.Option;

/**
 * {@code --interval S}: a line of what happened every S seconds, as iperf3 prints them; by default every
 * second when a person watches the stream the lines go to; 0 for never.
 */
final class IntervalOption {
    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", converter = SecondsConverter.OrZero.class,
            description = "print what happened every this often, up to a day (default: every second on a terminal; 0 for never)")
    Optional<Duration> seconds;

    /** How often to print, if at all; {@code watched} is whether a person reads where the lines go. */
    Optional<Duration> period(Terminal watched) {
        if (seconds.isEmpty()) {
            return watched.isTerminal() ? Optional.of(Duration.ofSeconds(1)) : Optional.empty();
        }
        return seconds.filter(asked -> !asked.isZero());
    }
}
