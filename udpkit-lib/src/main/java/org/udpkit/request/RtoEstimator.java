package org.udpkit.request;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * RFC 6298's retransmission timeout: SRTT and RTTVAR from round-trip samples, RTO = SRTT + 4 RTTVAR,
 * kept between a floor and 60 s. Every sample must be unambiguous: the ID protocol's transmission number
 * says which send a reply answers, so no sample is ever discarded (Karn's problem does not arise).
 */
public final class RtoEstimator {
    private final long minRtoNanos;
    private long rtoNanos;
    private double srttNanos = Double.NaN;
    private double rttvarNanos;

    public RtoEstimator(Duration initialRto, Duration minRto) {
        this.minRtoNanos = minRto.toNanos();
        this.rtoNanos = initialRto.toNanos();
    }

    /** One measured round trip. */
    public void sample(long rttNanos) {
        double r = Math.max(0, rttNanos);
        if (Double.isNaN(srttNanos)) {
            srttNanos = r;
            rttvarNanos = r / 2;
        } else {
            rttvarNanos = 0.75 * rttvarNanos + 0.25 * Math.abs(srttNanos - r);
            srttNanos = 0.875 * srttNanos + 0.125 * r;
        }
        rtoNanos = Math.clamp((long) (srttNanos + 4 * rttvarNanos), minRtoNanos,
                RetransmissionPolicy.Adaptive.MAX_RTO.toNanos());
    }

    /** The current RTO, in nanoseconds. */
    public long rtoNanos() {
        return rtoNanos;
    }

    /** The smoothed round trip, once there is one sample. */
    public OptionalDouble srttNanos() {
        return Double.isNaN(srttNanos) ? OptionalDouble.empty() : OptionalDouble.of(srttNanos);
    }
}
