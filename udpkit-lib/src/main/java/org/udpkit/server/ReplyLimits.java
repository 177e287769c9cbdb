package org.udpkit.server;

import java.util.Objects;

/**
 * How a server keeps from being used against others: the amplification cap (to a source that has not
 * proved it receives our replies, at most {@link #AMPLIFICATION_FACTOR} times the bytes it sent, RFC 9000
 * section 8), a budget of replies per second per source address and per prefix (/24 for IPv4, /56 for
 * IPv6), as DNS response-rate limiting does, and whether datagrams from {@link ReflectorPorts} are answered.
 * The other loop guards (our own address and port, port 0, a datagram that is itself a reply of the book's
 * protocol) are always on.
 *
 * @param amplification  when the amplification cap applies
 * @param budget         when the reply budget applies
 * @param perSource      replies per second one source address may get; it may also get a burst of that many at once
 * @param perPrefix      replies per second a whole /24 or /56 may get, with a burst of as many
 * @param reflectorPorts whether datagrams from the reflecting services' ports are answered
 */
public record ReplyLimits(LimitMode amplification, LimitMode budget, int perSource, int perPrefix,
                          ReflectorPorts reflectorPorts) {
    /** At most this many times the bytes received, to a source not proven (RFC 9000 section 8). */
    public static final int AMPLIFICATION_FACTOR = 3;
    /** The highest rate a budget takes: a million replies a second is no limit for one source. */
    public static final int MAX_RATE = 1_000_000;
    public static final int DEFAULT_PER_SOURCE = 1000;
    public static final int DEFAULT_PER_PREFIX = 4000;

    public ReplyLimits {
        Objects.requireNonNull(amplification, "amplification");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(reflectorPorts, "reflectorPorts");
        checkRate("per source", perSource);
        checkRate("per prefix", perPrefix);
    }

    private static void checkRate(String what, int rate) {
        if (rate < 1 || rate > MAX_RATE) {
            throw new IllegalArgumentException("the reply budget " + what + " must be 1 to " + MAX_RATE
                    + " replies a second, not " + rate);
        }
    }

    /** Both limits {@link LimitMode#AUTO}, 1000 replies a second per source, 4000 per prefix, reflector ports refused. */
    public static ReplyLimits defaults() {
        return new ReplyLimits(LimitMode.AUTO, LimitMode.AUTO, DEFAULT_PER_SOURCE, DEFAULT_PER_PREFIX,
                ReflectorPorts.REFUSED);
    }

    public ReplyLimits withAmplification(LimitMode value) {
        return new ReplyLimits(value, budget, perSource, perPrefix, reflectorPorts);
    }

    public ReplyLimits withBudget(LimitMode value) {
        return new ReplyLimits(amplification, value, perSource, perPrefix, reflectorPorts);
    }

    public ReplyLimits withPerSource(int value) {
        return new ReplyLimits(amplification, budget, value, perPrefix, reflectorPorts);
    }

    public ReplyLimits withPerPrefix(int value) {
        return new ReplyLimits(amplification, budget, perSource, value, reflectorPorts);
    }

    public ReplyLimits withReflectorPorts(ReflectorPorts value) {
        return new ReplyLimits(amplification, budget, perSource, perPrefix, value);
    }
}
