package org.udpkit.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings are checked when made, on any system: a run never starts with settings that cannot work. */
class LoadSettingsTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final InetSocketAddress TARGET = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

    @Test
    void settingsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> LoadSettings.closedLoop(TARGET, 1, 65_508, SHORT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65,507");
        assertThatThrownBy(() -> new LoadSettings(TARGET, new Pacing.ClosedLoop(2), 1, SHORT, Duration.ZERO, 4, SHORT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one per socket");
        assertThatThrownBy(() -> new LoadSettings(TARGET, new Pacing.OpenLoop(100, 2), 1, SHORT, Duration.ZERO, 4, SHORT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the window (2) must be at least one per socket (4)");
        assertThatThrownBy(() -> new LoadSettings(TARGET, new Pacing.ClosedLoop(1), 1, Duration.ZERO, Duration.ZERO, 1, SHORT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration must be positive");
        assertThatThrownBy(() -> new LoadSettings(TARGET, new Pacing.ClosedLoop(1), 1, SHORT, SHORT, 0, SHORT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sockets must be 1 to 1024");
        assertThatThrownBy(() -> new LoadSettings(TARGET, null, 1, SHORT, SHORT, 1, SHORT))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("pacing");
    }

    @Test
    void aClosedLoopOfOneSocketIsTheShortForm() {
        LoadSettings settings = LoadSettings.closedLoop(TARGET, 8, 64, SHORT);
        assertThat(settings.pacing()).isEqualTo(new Pacing.ClosedLoop(8));
        assertThat(settings.sockets()).isEqualTo(1);
        assertThat(settings.warmup()).isZero();
    }
}
