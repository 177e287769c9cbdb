package org.udpkit.net;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AddressTextTest {
    private static String text(String literal) {
        return AddressText.of(InetAddress.ofLiteral(literal));
    }

    @Test
    void writesIpv6InTheShortFormOfRfc5952() {
        assertThat(text("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(text("::")).isEqualTo("::");
        assertThat(text("fe80:0:0:0:fc:ff:fe00:1")).isEqualTo("fe80::fc:ff:fe00:1");
        assertThat(text("2001:DB8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(text("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(text("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1");
        assertThat(text("fd00:0:0:0:0:0:0:0")).isEqualTo("fd00::");
        assertThat(text("1:2:3:4:5:6:7:8")).isEqualTo("1:2:3:4:5:6:7:8");
    }

    @Test
    void leavesIpv4Dotted() {
        assertThat(text("127.0.0.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void dropsTheScopeOfALinkLocalAddress() throws Exception {
        InetAddress scoped = java.net.Inet6Address.getByAddress(null, InetAddress.ofLiteral("fe80::1").getAddress(), 1);

        assertThat(AddressText.of(scoped)).isEqualTo("fe80::1");
        assertThat(new AssignedAddress(scoped, 64, java.util.Optional.empty()).bindText("eth0")).isEqualTo("fe80::1%eth0");
    }
}
