package org.udpkit.net;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointsTest {
    @Test
    void formatsIpv4AndIpv6TheWayUdpkitPrintsThem() {
        assertThat(Endpoints.format(new InetSocketAddress(Endpoints.host("127.0.0.1"), 1060))).isEqualTo("127.0.0.1:1060");
        assertThat(Endpoints.format(new InetSocketAddress(Endpoints.host("::1"), 1060))).isEqualTo("[::1]:1060");
        assertThat(Endpoints.format(new InetSocketAddress(Endpoints.host("[::1]"), 9))).isEqualTo("[::1]:9");
        assertThat(Endpoints.format(new InetSocketAddress(Endpoints.host("::"), 9))).isEqualTo("[::]:9");
        assertThat(Endpoints.format(new InetSocketAddress(Endpoints.host("2001:db8:0:0:1:0:0:1"), 9)))
                .isEqualTo("[2001:db8::1:0:0:1]:9");
        assertThat(Endpoints.format(new InetSocketAddress(Endpoints.host("2001:db8:0:1:1:1:1:1"), 9)))
                .isEqualTo("[2001:db8:0:1:1:1:1:1]:9");
        assertThat(Endpoints.format(new InetSocketAddress(Endpoints.host("fe80::1:0:0"), 9))).isEqualTo("[fe80::1:0:0]:9");
    }

    @Test
    void theEmptyHostMeansEveryInterfaceAsInTheBook() {
        assertThat(Endpoints.host("").isAnyLocalAddress()).isTrue();
    }

    @Test
    void refusesPortsOutsideTheRangeAndHostsNoResolverCouldFind() {
        assertThatThrownBy(() -> Endpoints.checkPort(65536)).hasMessage("port 65536 is outside 0-65535");
        assertThatThrownBy(() -> Endpoints.checkPort(-1)).hasMessage("port -1 is outside 0-65535");
        assertThatThrownBy(() -> Endpoints.host("no such host!")).hasMessageContaining("is not a host name");
    }
}
