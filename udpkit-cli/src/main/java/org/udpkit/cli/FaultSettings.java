package org.udpkit.cli;

import java.util.Optional;

import org.udpkit.server.Faults;

/**
 * What one set of fault flags asked for ({@link ReplyFaultFlags}, {@link RequestFaultFlags}): the one piece of
 * code that turns either into {@link Faults} and into the note printed at start.
 */
record FaultSettings(double drop, Optional<DelaySpec> delay, double delayFraction, double duplicate, double reorder) {
    /** These faults, drawn from {@code seed}. */
    Faults toFaults(long seed) {
        Faults faults = Faults.none(seed).withDrop(drop).withDuplicate(duplicate).withReorder(reorder);
        return delay.map(d -> faults.withDelay(delayFraction, d.delay(), d.jitter())).orElse(faults);
    }

    boolean any() {
        return drop > 0 || delay.isPresent() || duplicate > 0 || reorder > 0;
    }

    /** What the server does to its {@code what} ("Replies", "Requests"), in a sentence. */
    String describe(String what) {
        StringBuilder text = new StringBuilder(what).append(':');
        if (drop > 0) {
            text.append(" dropping ").append(percent(drop));
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
