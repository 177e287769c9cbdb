package org.udpkit.services;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PortRangeTest {
    @Test
    void theRangesMeetAtTheirBoundaries() {
        assertThat(PortRange.of(0)).isEqualTo(PortRange.WELL_KNOWN);
        assertThat(PortRange.of(1023)).isEqualTo(PortRange.WELL_KNOWN);
        assertThat(PortRange.of(1024)).isEqualTo(PortRange.REGISTERED);
        assertThat(PortRange.of(49151)).isEqualTo(PortRange.REGISTERED);
        assertThat(PortRange.of(49152)).isEqualTo(PortRange.DYNAMIC);
        assertThat(PortRange.of(65535)).isEqualTo(PortRange.DYNAMIC);
    }

    @Test
    void portsOutsideTheSixteenBitsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> PortRange.of(-1)).withMessageContaining("0-65535");
        assertThatIllegalArgumentException().isThrownBy(() -> PortRange.of(65536)).withMessageContaining("0-65535");
    }

    @Test
    void describesItselfWithItsBounds() {
        assertThat(PortRange.WELL_KNOWN.describe()).isEqualTo("well-known port, 0-1023");
        assertThat(PortRange.REGISTERED.describe()).isEqualTo("registered port, 1024-49151");
        assertThat(PortRange.DYNAMIC.describe()).isEqualTo("dynamic port, 49152-65535");
    }

    @Test
    void everyPortIsInExactlyOneRange() {
        // All 65536 ports: few enough to check every one rather than a sample.
        for (int port = 0; port <= 65535; port++) {
            int containing = 0;
            for (PortRange range : PortRange.values()) {
                containing += range.contains(port) ? 1 : 0;
            }
            assertThat(containing).as("ranges containing port %d", port).isEqualTo(1);
            assertThat(PortRange.of(port).contains(port)).isTrue();
        }
    }
}
