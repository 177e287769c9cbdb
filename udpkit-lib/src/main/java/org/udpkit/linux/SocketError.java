package org.udpkit.linux;

import java.net.InetAddress;
import java.util.Optional;

import static org.udpkit.linux.LinuxSocketConstants.ICMPV6_PKT_TOOBIG;
import static org.udpkit.linux.LinuxSocketConstants.ICMP_DEST_UNREACH;
import static org.udpkit.linux.LinuxSocketConstants.ICMP_FRAG_NEEDED;
import static org.udpkit.linux.LinuxSocketConstants.SO_EE_ORIGIN_ICMP;
import static org.udpkit.linux.LinuxSocketConstants.SO_EE_ORIGIN_ICMP6;

/**
 * One error read from a socket's error queue ({@code struct sock_extended_err} and its offender).
 *
 * @param errno    what the error means to the socket, e.g. EMSGSIZE for "fragmentation needed"
 * @param origin   who reported it: {@code SO_EE_ORIGIN_LOCAL}, {@code _ICMP} or {@code _ICMP6}
 * @param type     the ICMP type, when ICMP reported it
 * @param code     the ICMP code
 * @param info     for EMSGSIZE, the MTU the reporter gave (the next hop's, or the local one)
 * @param offender the host that sent the ICMP message, when there was one
 */
public record SocketError(int errno, int origin, int type, int code, int info, Optional<InetAddress> offender) {
    /** An ICMP "fragmentation needed" or ICMPv6 "packet too big": {@link #info()} is the next hop's MTU. */
    public boolean isPacketTooBig() {
        return (origin == SO_EE_ORIGIN_ICMP && type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
                || (origin == SO_EE_ORIGIN_ICMP6 && type == ICMPV6_PKT_TOOBIG);
    }

    /** Whether a router or host, not this kernel, reported the error. */
    public boolean fromIcmp() {
        return origin == SO_EE_ORIGIN_ICMP || origin == SO_EE_ORIGIN_ICMP6;
    }
}
