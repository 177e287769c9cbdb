package org.udpkit.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings are checked when made, on any system: a run never starts with settings that cannot work. */
class LoadSettingsTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final InetSocketAddress TARGET = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

    @Test
    void settingsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> LoadSettings.closedLoop(TARGET, 1, 65_505, SHORT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the largest request would be 65,508 bytes (from 65,505 up, 4 sizes for each of the 1 "
                        + "requests a socket has in flight), over 65,507: use a smaller size or window");
        assertThatThrownBy(() -> LoadSettings.closedLoop(TARGET, 1, -1, SHORT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 0 bytes");
        assertThatThrownBy(() -> new LoadSettings(TARGET, new Pacing.ClosedLoop(2), 1, SHORT, Duration.ZERO, 4, SHORT, SHORT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one per socket");
        assertThatThrownBy(() -> new LoadSettings(TARGET, new Pacing.OpenLoop(100, 2), 1, SHORT, Duration.ZERO, 4, SHORT, SHORT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the window (2) must be at least one per socket (4)");
        assertThatThrownBy(() -> new LoadSettings(TARGET, new Pacing.ClosedLoop(1), 1, Duration.ZERO, Duration.ZERO, 1, SHORT, SHORT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration must be positive");
        assertThatThrownBy(() -> new LoadSettings(TARGET, new Pacing.ClosedLoop(1), 1, SHORT, SHORT, 0, SHORT, SHORT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sockets must be 1 to 1024");
        assertThatThrownBy(() -> new LoadSettings(TARGET, null, 1, SHORT, SHORT, 1, SHORT, SHORT))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("pacing");
    }

    @Test
    void theLargestRequestCountsFourSizesPerRequestInFlightOnTheBusiestSocket() {
        // 10 in flight over 3 sockets: the busiest has 4, so 16 sizes, 65,492 to 65,507.
        assertThat(new LoadSettings(TARGET, new Pacing.ClosedLoop(10), 65_492, SHORT, Duration.ZERO, 3, SHORT, SHORT)
                .payloadBytes()).isEqualTo(65_492);
        assertThatThrownBy(() -> new LoadSettings(TARGET, new Pacing.ClosedLoop(10), 65_493, SHORT, Duration.ZERO, 3,
                SHORT, SHORT)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65,508 bytes");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PT0S", "PT-1S", "PT60.001S"})
    void aTimeoutIsPositiveAndAtMostAMinute(String timeout) {
        assertThatThrownBy(() -> new LoadSettings(TARGET, new Pacing.ClosedLoop(1), 1, SHORT, Duration.ZERO, 1,
                Duration.parse(timeout), SHORT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive and at most 60 s");
        assertThat(new LoadSettings(TARGET, new Pacing.ClosedLoop(1), 1, SHORT, Duration.ZERO, 1,
                LoadSettings.LONGEST_TIMEOUT, SHORT).timeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aClosedLoopOfOneSocketIsTheShortForm() {
        LoadSettings settings = LoadSettings.closedLoop(TARGET, 8, 64, SHORT);
        assertThat(settings.pacing()).isEqualTo(new Pacing.ClosedLoop(8));
        assertThat(settings.sockets()).isEqualTo(1);
        assertThat(settings.warmup()).isZero();
        assertThat(settings.timeout()).isEqualTo(LoadSettings.DEFAULT_TIMEOUT);
    }
}
