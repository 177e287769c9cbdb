package org.udpkit.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * What load to put on which server, checked once here so that a run never starts with settings that
 * cannot work.
 *
 * @param target           the server
 * @param pacing           a closed loop with a window, or an open loop at a rate
 * @param payloadBytes     request size, 0 to 65,507
 * @param duration         the timed part
 * @param warmup           load before the timed part, neither counted in the rate nor recorded
 * @param sockets          client sockets, each with its own port (a server's SO_REUSEPORT workers
 *                         are chosen by the sender's address and port, so one socket reaches one)
 * @param progressInterval how often to call the {@link ProgressListener}
 */
public record LoadSettings(InetSocketAddress target, Pacing pacing, int payloadBytes, Duration duration,
                           Duration warmup, int sockets, Duration progressInterval) {
    public LoadSettings {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(pacing, "pacing");
        if (target.isUnresolved()) {
            throw new IllegalArgumentException("unresolved target " + target);
        }
        if (sockets < 1 || sockets > 1024) {
            throw new IllegalArgumentException("sockets must be 1 to 1024, not " + sockets);
        }
        int window = pacing.maxInFlight();
        if (window < sockets) {
            throw new IllegalArgumentException("the window (" + window + ") must be at least one per socket ("
                    + sockets + ")");
        }
        if (payloadBytes < 0 || payloadBytes > 65_507) {
            throw new IllegalArgumentException("a request is 0 to 65,507 bytes, not " + payloadBytes);
        }
        if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
            throw new IllegalArgumentException("the duration must be positive and the warm-up not negative");
        }
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("the progress interval must be positive");
        }
    }

    /** A closed loop of {@code window} over one socket for {@code duration}, no warm-up. */
    public static LoadSettings closedLoop(InetSocketAddress target, int window, int payloadBytes, Duration duration) {
        return new LoadSettings(target, new Pacing.ClosedLoop(window), payloadBytes, duration, Duration.ZERO, 1,
                Duration.ofSeconds(1));
    }
}
