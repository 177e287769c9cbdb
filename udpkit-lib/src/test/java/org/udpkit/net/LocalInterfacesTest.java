package org.udpkit.net;

import java.net.SocketException;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalInterfacesTest {
    @Test
    void loopbackIsListedWithItsAddressesMtuAndFlags() throws SocketException {
        LocalInterface lo = LocalInterfaces.named("lo").orElseThrow();

        assertThat(lo.addresses()).extracting(AssignedAddress::cidr).contains("127.0.0.1/8", "::1/128");
        assertThat(lo.mtu()).hasValue(65536);
        assertThat(lo.up()).isTrue();
        assertThat(lo.loopback()).isTrue();
        assertThat(lo.pointToPoint()).isFalse();
        assertThat(lo.flags()).startsWith("up", "loopback").doesNotContain("down");
        assertThat(lo.addressesByFamily().getFirst().family()).isEqualTo(java.net.StandardProtocolFamily.INET);
        assertThat(lo.addresses()).allSatisfy(a -> assertThat(a.broadcast()).isEmpty());
    }

    @Test
    void everyInterfaceIsListedOnceByIndex() throws SocketException {
        List<LocalInterface> interfaces = LocalInterfaces.list();

        assertThat(interfaces).extracting(LocalInterface::name).doesNotHaveDuplicates().contains("lo");
        List<Integer> topLevelIndexes = interfaces.stream().filter(i -> i.parent().isEmpty())
                .map(i -> i.index().orElseThrow()).toList();
        assertThat(topLevelIndexes).isSorted();
        assertThat(interfaces).allSatisfy(i -> assertThat(i.flags().getFirst()).isIn("up", "down"));
    }

    @Test
    void anUnknownNameIsNoInterface() throws SocketException {
        assertThat(LocalInterfaces.named("no-such-nic0")).isEmpty();
    }
}
