package org.udpkit.request;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class RtoEstimatorTest {
    private static final long MS = 1_000_000;

    @Test
    void followsRfc6298() {
        RtoEstimator rto = new RtoEstimator(Duration.ofSeconds(1), Duration.ofMillis(1));
        assertThat(rto.rtoNanos()).as("before any sample").isEqualTo(1000 * MS);
        assertThat(rto.srttNanos()).isEmpty();
        rto.sample(100 * MS);
        // SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 RTTVAR.
        assertThat(rto.srttNanos()).hasValue(100.0 * MS);
        assertThat(rto.rtoNanos()).isEqualTo(300 * MS);
        rto.sample(200 * MS);
        // RTTVAR = 3/4 50 + 1/4 |100 - 200| = 62.5; SRTT = 7/8 100 + 1/8 200 = 112.5; RTO = 112.5 + 250.
        assertThat(rto.srttNanos()).hasValue(112.5 * MS);
        assertThat(rto.rtoNanos()).isEqualTo(362_500_000);
    }

    @Test
    void staysBetweenTheFloorAndSixtySeconds() {
        RtoEstimator rto = new RtoEstimator(Duration.ofSeconds(1), Duration.ofMillis(200));
        rto.sample(50_000);
        assertThat(rto.rtoNanos()).isEqualTo(200 * MS);
        rto.sample(Duration.ofMinutes(5).toNanos());
        assertThat(rto.rtoNanos()).isEqualTo(Duration.ofSeconds(60).toNanos());
    }
}
