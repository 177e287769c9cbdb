package org.udpkit.mtu;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

import org.udpkit.net.Endpoints;

/** An ICMP message that came back for a path-MTU probe, read from the socket's error queue. */
public sealed interface IcmpReport {
    /** Who sent it, when the kernel knows. */
    Optional<InetAddress> from();

    /** A sentence for a user, e.g. "198.18.1.1: packet too big, MTU 1280". */
    String describe();

    /** {@link #from()} as text, IPv6 in its short form ({@code 2001:db8:1::1}). */
    default Optional<String> fromText() {
        return from().map(a -> a instanceof Inet6Address v6 ? Endpoints.format(v6) : a.getHostAddress());
    }

    /**
     * ICMP "fragmentation needed" (IPv4) or ICMPv6 "packet too big": a router could not forward a probe of
     * {@code probeSize} bytes because its next link carries {@code mtu}.
     */
    record PacketTooBig(Optional<InetAddress> from, int probeSize, int mtu) implements IcmpReport {
        @Override
        public String describe() {
            return fromText().map(a -> a + ": ").orElse("") + "packet too big, MTU " + mtu;
        }
    }

    /** Destination, host or port unreachable: the responder cannot answer at all. */
    record Unreachable(Optional<InetAddress> from, String what) implements IcmpReport {
        @Override
        public String describe() {
            return fromText().map(a -> a + ": ").orElse("") + what;
        }
    }
}
