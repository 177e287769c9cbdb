package org.udpkit.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each pacing checks itself, so a run never starts with a rate or window that cannot work. */
class PacingTest {

    @Test
    void aClosedLoopKeepsItsWindowInFlight() {
        assertThat(new Pacing.ClosedLoop(1).maxInFlight()).isEqualTo(1);
        assertThat(new Pacing.ClosedLoop(64).maxInFlight()).isEqualTo(64);
    }

    @ParameterizedTest(name = "window {0}")
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void aClosedLoopNeedsAWindowOfAtLeastOne(int window) {
        assertThatThrownBy(() -> new Pacing.ClosedLoop(window))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window must be at least 1");
    }

    @Test
    void anOpenLoopKeepsItsRateAndItsLimit() {
        Pacing.OpenLoop open = new Pacing.OpenLoop(2500.5, 16);
        assertThat(open.requestsPerSecond()).isEqualTo(2500.5);
        assertThat(open.maxInFlight()).isEqualTo(16);
    }

    @ParameterizedTest(name = "rate {0}")
    @ValueSource(doubles = {0, -0.0, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void anOpenLoopNeedsAPositiveFiniteRate(double rate) {
        assertThatThrownBy(() -> new Pacing.OpenLoop(rate, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate must be positive");
    }

    @Test
    void anOpenLoopNeedsRoomForOneRequestInFlight() {
        assertThatThrownBy(() -> new Pacing.OpenLoop(100, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    @Test
    void theCasesAreExhaustive() {
        Pacing pacing = new Pacing.OpenLoop(10, 1);
        String kind = switch (pacing) {
            case Pacing.ClosedLoop closed -> "closed";
            case Pacing.OpenLoop open -> "open";
        };
        assertThat(kind).isEqualTo("open");
    }
}
