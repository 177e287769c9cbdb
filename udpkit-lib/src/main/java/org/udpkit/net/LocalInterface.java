package org.udpkit.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static java.net.StandardProtocolFamily.INET;
import static java.net.StandardProtocolFamily.INET6;

/**
 * A network interface of this machine as a UDP program choosing where to bind sees it: its addresses,
 * its MTU and what it can do.
 *
 * @param index           the system's number for it, when known
 * @param mtu             its MTU in bytes, when known
 * @param parent          for a virtual (alias) interface such as {@code eth0:1}, the interface it belongs to
 * @param hardwareAddress the MAC address as {@code 02:fc:00:00:00:01}, when the interface has one
 */
public record LocalInterface(String name, OptionalInt index, OptionalInt mtu, boolean up, boolean loopback, boolean multicast,
                             boolean pointToPoint, boolean virtual, Optional<String> parent,
                             Optional<String> hardwareAddress, List<AssignedAddress> addresses) {
    public LocalInterface {
        addresses = List.copyOf(addresses);
    }

    /** {@code up, loopback}, {@code down, multicast}: the flags that are set, as words, "up" or "down" first. */
    public List<String> flags() {
        List<String> flags = new ArrayList<>();
        flags.add(up ? "up" : "down");
        if (loopback) {
            flags.add("loopback");
        }
        if (addresses.stream().anyMatch(a -> a.broadcast().isPresent())) {
            flags.add("broadcast");
        }
        if (multicast) {
            flags.add("multicast");
        }
        if (pointToPoint) {
            flags.add("point-to-point");
        }
        if (virtual) {
            flags.add("virtual");
        }
        return flags;
    }

    /** The IPv4 addresses, then the IPv6 ones, each in the order the system lists them. */
    public List<AssignedAddress> addressesByFamily() {
        List<AssignedAddress> sorted = new ArrayList<>(addresses.stream().filter(a -> a.family() == INET).toList());
        sorted.addAll(addresses.stream().filter(a -> a.family() == INET6).toList());
        return sorted;
    }
}
