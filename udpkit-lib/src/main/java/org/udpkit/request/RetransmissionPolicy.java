package org.udpkit.request;

import java.time.Duration;

import org.udpkit.client.BackoffPolicy;

/** When a {@link Requester} sends a request again: an adaptive timeout, or the book's fixed schedule. */
public sealed interface RetransmissionPolicy {
    /**
     * RFC 6298's retransmission timeout, from round trips measured on this socket (SRTT and RTTVAR), doubled
     * for each retransmission of a request up to {@code maxWait}, but never below the RTO itself (RFC 8085: at
     * most one send per RTO), and stretched by a random fraction up to {@code jitter} so that requests
     * lost together are not all sent again together.
     *
     * @param initialRto the RTO before any round trip is measured (RFC 6298: 1 s)
     * @param minRto     the floor of the RTO
     * @param maxWait    the cap on one attempt's doubled wait (the RTO itself may be larger)
     * @param jitter     each wait is multiplied by a random number from 1 to 1 + jitter
     */
    record Adaptive(Duration initialRto, Duration minRto, Duration maxWait, double jitter) implements RetransmissionPolicy {
        /** The longest RTO: RFC 6298 allows a cap of 60 s or more. */
        public static final Duration MAX_RTO = Duration.ofSeconds(60);

        public Adaptive {
            if (minRto.isNegative() || minRto.isZero() || minRto.compareTo(MAX_RTO) > 0) {
                throw new IllegalArgumentException("the least RTO must be more than 0 and at most 60 s, not " + minRto);
            }
            if (initialRto.compareTo(minRto) < 0 || initialRto.compareTo(MAX_RTO) > 0) {
                throw new IllegalArgumentException("the first RTO must be from the least RTO (" + minRto + ") to 60 s, not " + initialRto);
            }
            if (maxWait.compareTo(minRto) < 0 || maxWait.compareTo(MAX_RTO) > 0) {
                throw new IllegalArgumentException("the longest wait must be from the least RTO (" + minRto + ") to 60 s, not " + maxWait);
            }
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("jitter must be from 0 to 1, not " + jitter);
            }
        }

        /** A first RTO of 1 s (RFC 6298), at least 200 ms, waits of at most 1 s, 25% jitter. */
        public static Adaptive defaults() {
            return new Adaptive(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(1), 0.25);
        }
    }

    /**
     * A fixed schedule, such as the book's ({@link BackoffPolicy#book()}: 0.1, 0.2, 0.4, 0.8, 1.6 s): each
     * attempt waits the next of {@link BackoffPolicy#waits()}, and after the last one the request has timed out.
     */
    record Schedule(BackoffPolicy backoff) implements RetransmissionPolicy {
    }

    /** udp_remote.py's schedule, as {@code udpkit remote client} uses it. */
    static Schedule book() {
        return new Schedule(BackoffPolicy.book());
    }
}
