package org.udpkit.net;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.Optional;

/** An address an interface holds, with its prefix length and, for IPv4 on a broadcast network, the broadcast address. */
public record AssignedAddress(InetAddress address, int prefixLength, Optional<InetAddress> broadcast) {
    public StandardProtocolFamily family() {
        return Endpoints.familyOf(address);
    }

    /** {@code 127.0.0.1/8}, {@code ::1/128}. */
    public String cidr() {
        return AddressText.of(address) + "/" + prefixLength;
    }

    /** True for fe80::/10 (and 169.254/16): usable only on its own link, so binding needs the interface named. */
    public boolean isLinkLocal() {
        return address.isLinkLocalAddress();
    }

    /**
     * What to give {@code bind} for this address on interface {@code interfaceName}: the address, with the
     * scope {@code %interfaceName} for an IPv6 link-local address, which is ambiguous without one.
     */
    public String bindText(String interfaceName) {
        String text = AddressText.of(address);
        return family() == StandardProtocolFamily.INET6 && isLinkLocal() ? text + "%" + interfaceName : text;
    }
}
