package org.udpkit.server;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Objects;

import org.udpkit.net.AddressText;

/**
 * A multicast group a server joins, and the interface it joins on (a group is joined per interface: the
 * kernel then passes up what arrives there for the group).
 *
 * @param group            an IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast address
 * @param networkInterface where to join
 */
public record MulticastGroup(InetAddress group, NetworkInterface networkInterface) {
    public MulticastGroup {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(networkInterface, "networkInterface");
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException(AddressText.of(group)
                    + " is not a multicast address (IPv4 224.0.0.0 to 239.255.255.255, IPv6 ff00::/8)");
        }
    }

    @Override
    public String toString() {
        return AddressText.of(group) + " on " + networkInterface.getName();
    }
}
