package org.udpkit.options;

import java.net.StandardProtocolFamily;

import org.udpkit.linux.LinuxSocketConstants;

/** The protocol layer an option belongs to: the {@code level} argument of getsockopt. */
public enum OptionLevel {
    SOL_SOCKET(LinuxSocketConstants.SOL_SOCKET),
    IPPROTO_IP(LinuxSocketConstants.IPPROTO_IP),
    IPPROTO_IPV6(LinuxSocketConstants.IPPROTO_IPV6),
    IPPROTO_UDP(LinuxSocketConstants.IPPROTO_UDP);

    private final int number;

    OptionLevel(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** IPv4 options belong to IPv4 sockets, IPv6 options to IPv6 sockets, the rest to both. */
    public boolean appliesTo(StandardProtocolFamily family) {
        return switch (this) {
            case IPPROTO_IP -> family == StandardProtocolFamily.INET;
            case IPPROTO_IPV6 -> family == StandardProtocolFamily.INET6;
            case SOL_SOCKET, IPPROTO_UDP -> true;
        };
    }
}
