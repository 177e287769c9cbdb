package org.udpkit.perf;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The token bucket on a made-up clock: the rate it allows, the burst it bounds, the credit it drops. */
class TokenBucketTest {
    @Test
    void allowsExactlyTheRateOverTimeWhateverTheStepsTaken() {
        TokenBucket bucket = new TokenBucket(new Rate.PerSecond(100_000), 5000, 0);
        long taken = 0;
        for (long now = 0; now <= 1_000_000_000L; now += 37_000) {
            int granted = bucket.take(now, 64);
            assertThat(granted).isLessThanOrEqualTo(64);
            taken += granted;
        }
        // 100,000 per second plus the first token, less what a step of 37 us leaves at the end (at most 4).
        assertThat(taken).isBetween(99_996L, 100_001L);
    }

    @Test
    void aLateSenderCatchesUpOneBatchAtATimeAndLosesOnlyCreditBeyondTheCapacity() {
        TokenBucket bucket = new TokenBucket(new Rate.PerSecond(1000), 100, 0);
        assertThat(bucket.take(0, 64)).isEqualTo(1);
        assertThat(bucket.take(1_000_000_000L, 64)).isEqualTo(64);
        assertThat(bucket.take(1_000_000_000L, 64)).isEqualTo(36);
        assertThat(bucket.take(1_000_000_000L, 64)).isZero();
        assertThat(bucket.nanosUntil(1)).isEqualTo(1_000_000);
    }
}
