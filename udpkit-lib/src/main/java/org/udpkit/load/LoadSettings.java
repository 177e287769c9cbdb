package org.udpkit.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import org.udpkit.protocol.IdProtocol;

/**
 * What load to put on which server, checked once here so that a run never starts with settings that
 * cannot work.
 *
 * @param target           the server
 * @param pacing           a closed loop with a window, or an open loop at a rate
 * @param payloadBytes     the smallest request size: a socket with a window of W sends
 *                         {@value RequestSlots#SIZES_PER_REQUEST} W sizes from there up, one per slot, so
 *                         that each reply names its request; the largest must be at most 65,507
 * @param duration         the timed part
 * @param warmup           load before the timed part, neither counted in the rate nor recorded
 * @param sockets          client sockets, each with its own port (a server's SO_REUSEPORT workers
 *                         are chosen by the sender's address and port, so one socket reaches one)
 * @param timeout          how long a request waits for its answer before it counts as lost (at most
 *                         {@link #LONGEST_TIMEOUT}); also how long its late reply is still recognised
 * @param progressInterval how often to call the {@link ProgressListener}
 * @param protocol         the book's, or the ID protocol (then {@code payloadBytes} counts its header and tag)
 */
public record LoadSettings(InetSocketAddress target, Pacing pacing, int payloadBytes, Duration duration,
                           Duration warmup, int sockets, Duration timeout, Duration progressInterval,
                           LoadProtocol protocol) {
    /** The largest UDP payload over IPv4. */
    public static final int LARGEST_REQUEST = 65_507;
    /** The timeout unless said otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** The longest timeout: it bounds the drain after the timed part. */
    public static final Duration LONGEST_TIMEOUT = Duration.ofSeconds(60);

    public LoadSettings {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(protocol, "protocol");
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
        if (payloadBytes < 0) {
            throw new IllegalArgumentException("a request is at least 0 bytes, not " + payloadBytes);
        }
        if (protocol instanceof LoadProtocol.Ids ids && payloadBytes < IdProtocol.of(ids.key()).overhead()) {
            throw new IllegalArgumentException("a request of the ID protocol is at least "
                    + IdProtocol.of(ids.key()).overhead() + " bytes (its header and tag), not " + payloadBytes);
        }
        int socketWindow = Math.ceilDiv(window, sockets);
        long largest = payloadBytes + RequestSlots.sizesFor(socketWindow) - 1;
        if (largest > LARGEST_REQUEST) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the largest request would be %,d bytes (from %,d up, %d sizes for each of the %,d requests "
                            + "a socket has in flight), over %,d: use a smaller size or window", largest,
                    payloadBytes, RequestSlots.SIZES_PER_REQUEST, socketWindow, LARGEST_REQUEST));
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(LONGEST_TIMEOUT) > 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the timeout must be positive and at most 60 s, not %.3f s", timeout.toNanos() / 1e9));
        }
        if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
            throw new IllegalArgumentException("the duration must be positive and the warm-up not negative");
        }
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("the progress interval must be positive");
        }
    }

    /** Settings of the book's protocol. */
    public LoadSettings(InetSocketAddress target, Pacing pacing, int payloadBytes, Duration duration,
                        Duration warmup, int sockets, Duration timeout, Duration progressInterval) {
        this(target, pacing, payloadBytes, duration, warmup, sockets, timeout, progressInterval, new LoadProtocol.Book());
    }

    /** These settings with {@code newProtocol}. */
    public LoadSettings withProtocol(LoadProtocol newProtocol) {
        return new LoadSettings(target, pacing, payloadBytes, duration, warmup, sockets, timeout, progressInterval,
                newProtocol);
    }

    /** A closed loop of {@code window} over one socket for {@code duration}, no warm-up, the default timeout. */
    public static LoadSettings closedLoop(InetSocketAddress target, int window, int payloadBytes, Duration duration) {
        return new LoadSettings(target, new Pacing.ClosedLoop(window), payloadBytes, duration, Duration.ZERO, 1,
                DEFAULT_TIMEOUT, Duration.ofSeconds(1));
    }

    /** Socket {@code index}'s share of the window: the window spread as evenly as it goes. */
    int socketWindow(int index) {
        int window = pacing.maxInFlight();
        return window / sockets + (index < window % sockets ? 1 : 0);
    }

}
