package org.udpkit.options;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OptionFormatTest {
    @Test
    void namedValuesShowTheirCNames() {
        assertThat(OptionFormat.SOCKET_TYPE.show(2)).isEqualTo("2 (SOCK_DGRAM)");
        assertThat(OptionFormat.IP_PMTUDISC.show(1)).isEqualTo("1 (IP_PMTUDISC_WANT)");
        assertThat(OptionFormat.IPV6_PMTUDISC.show(2)).isEqualTo("2 (IPV6_PMTUDISC_DO)");
        assertThat(OptionFormat.ADDRESS_FAMILY.show(10)).isEqualTo("10 (AF_INET6)");
        assertThat(OptionFormat.IP_PROTOCOL.show(17)).isEqualTo("17 (IPPROTO_UDP)");
        assertThat(OptionFormat.IP_PMTUDISC.show(42)).isEqualTo("42 (unknown)");
    }

    @Test
    void flagsTrafficClassesAndNumbersShowPlainly() {
        assertThat(OptionFormat.FLAG.show(0)).isEqualTo("0 (off)");
        assertThat(OptionFormat.FLAG.show(1)).isEqualTo("1 (on)");
        assertThat(OptionFormat.TRAFFIC_CLASS.show(0xb8)).isEqualTo("184 (0xb8; DSCP 46, ECN 0)");
        assertThat(OptionFormat.TRAFFIC_CLASS.show(0x03)).isEqualTo("3 (0x03; DSCP 0, ECN 3)");
        assertThat(OptionFormat.NUMBER.show(-1)).isEqualTo("-1");
    }

    @Test
    void anAddressRoundTripsThroughItsNetworkOrderInt() {
        int loopback = OptionFormat.IPV4_ADDRESS.parse("127.0.0.1");

        assertThat(OptionFormat.IPV4_ADDRESS.show(loopback)).isEqualTo("127.0.0.1");
        assertThat(OptionFormat.IPV4_ADDRESS.show(0)).isEqualTo("0.0.0.0");
    }

    @Test
    void readsWhatAPersonTypes() {
        assertThat(OptionFormat.FLAG.parse("on")).isEqualTo(1);
        assertThat(OptionFormat.FLAG.parse("False")).isEqualTo(0);
        assertThat(OptionFormat.FLAG.parse("1")).isEqualTo(1);
        assertThat(OptionFormat.NUMBER.parse("0x10")).isEqualTo(16);
        assertThat(OptionFormat.NUMBER.parse(" -1 ")).isEqualTo(-1);
        assertThat(OptionFormat.IP_PMTUDISC.parse("do")).isEqualTo(2);
        assertThat(OptionFormat.IP_PMTUDISC.parse("IP_PMTUDISC_PROBE")).isEqualTo(3);
        assertThat(OptionFormat.IP_PMTUDISC.parse("0")).isEqualTo(0);
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatIllegalArgumentException().isThrownBy(() -> OptionFormat.NUMBER.parse("lots"))
                .withMessage("'lots' is not a number");
        assertThatIllegalArgumentException().isThrownBy(() -> OptionFormat.FLAG.parse("maybe"))
                .withMessageContaining("on, off");
        assertThatIllegalArgumentException().isThrownBy(() -> OptionFormat.IP_PMTUDISC.parse("sometimes"))
                .withMessageContaining("IP_PMTUDISC_DO");
        assertThatIllegalArgumentException().isThrownBy(() -> OptionFormat.IPV4_ADDRESS.parse("::1"))
                .withMessageContaining("IPv4 address literal");
        assertThatIllegalArgumentException().isThrownBy(() -> OptionFormat.IPV4_ADDRESS.parse("localhost"))
                .withMessageContaining("IPv4 address literal");
    }
}
