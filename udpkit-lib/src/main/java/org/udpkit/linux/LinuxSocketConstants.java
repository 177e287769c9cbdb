package org.udpkit.linux;

import java.util.Optional;

/**
 * Linux (x86_64 and aarch64 share these) values of every C constant udpkit uses, with their C names: the one
 * place where such a number is written.
 */
public final class LinuxSocketConstants {
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_CLOEXEC = 0x80000;

    public static final int SOL_SOCKET = 1;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPPROTO_UDPLITE = 136;

    public static final int SO_REUSEADDR = 2;
    public static final int SO_TYPE = 3;
    public static final int SO_ERROR = 4;
    public static final int SO_DONTROUTE = 5;
    public static final int SO_BROADCAST = 6;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_PRIORITY = 12;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_RCVLOWAT = 18;
    public static final int SO_SNDLOWAT = 19;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_TIMESTAMP = 29;
    public static final int SO_MARK = 36;
    public static final int SO_PROTOCOL = 38;
    public static final int SO_DOMAIN = 39;
    public static final int SO_RXQ_OVFL = 40;
    public static final int SO_BUSY_POLL = 46;
    public static final int SO_INCOMING_CPU = 49;
    public static final int SO_ZEROCOPY = 60;

    public static final int IP_TOS = 1;
    public static final int IP_TTL = 2;
    public static final int IP_PKTINFO = 8;
    public static final int IP_MTU_DISCOVER = 10;
    public static final int IP_RECVERR = 11;
    public static final int IP_RECVTTL = 12;
    public static final int IP_RECVTOS = 13;
    public static final int IP_MTU = 14;
    public static final int IP_FREEBIND = 15;
    public static final int IP_TRANSPARENT = 19;
    public static final int IP_BIND_ADDRESS_NO_PORT = 24;
    public static final int IP_MULTICAST_IF = 32;
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int IP_ADD_MEMBERSHIP = 35;
    public static final int IP_MULTICAST_ALL = 49;

    /** Values of IP_MTU_DISCOVER; IPV6_MTU_DISCOVER takes the same numbers under IPV6_ names. */
    public static final int IP_PMTUDISC_DONT = 0;
    public static final int IP_PMTUDISC_WANT = 1;
    public static final int IP_PMTUDISC_DO = 2;
    public static final int IP_PMTUDISC_PROBE = 3;
    public static final int IP_PMTUDISC_INTERFACE = 4;
    public static final int IP_PMTUDISC_OMIT = 5;
    public static final int IPV6_PMTUDISC_DONT = 0;
    public static final int IPV6_PMTUDISC_WANT = 1;
    public static final int IPV6_PMTUDISC_DO = 2;
    public static final int IPV6_PMTUDISC_PROBE = 3;
    public static final int IPV6_PMTUDISC_INTERFACE = 4;
    public static final int IPV6_PMTUDISC_OMIT = 5;

    public static final int IPV6_UNICAST_HOPS = 16;
    public static final int IPV6_MULTICAST_IF = 17;
    public static final int IPV6_MULTICAST_HOPS = 18;
    public static final int IPV6_MULTICAST_LOOP = 19;
    /** Also known as IPV6_ADD_MEMBERSHIP. */
    public static final int IPV6_JOIN_GROUP = 20;
    public static final int IPV6_MTU_DISCOVER = 23;
    public static final int IPV6_MTU = 24;
    public static final int IPV6_RECVERR = 25;
    public static final int IPV6_V6ONLY = 26;
    public static final int IPV6_RECVPKTINFO = 49;
    public static final int IPV6_PKTINFO = 50;
    public static final int IPV6_RECVHOPLIMIT = 51;
    public static final int IPV6_DONTFRAG = 62;
    public static final int IPV6_RECVTCLASS = 66;
    public static final int IPV6_TCLASS = 67;
    public static final int IPV6_FREEBIND = 78;

    public static final int UDP_CORK = 1;
    public static final int UDP_SEGMENT = 103;
    public static final int UDP_GRO = 104;

    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_CTRUNC = 0x8;
    public static final int MSG_WAITFORONE = 0x10000;
    public static final int MSG_ERRQUEUE = 0x2000;

    /** {@code sock_extended_err.ee_origin}: who reported an error read from the error queue. */
    public static final int SO_EE_ORIGIN_NONE = 0;
    public static final int SO_EE_ORIGIN_LOCAL = 1;
    public static final int SO_EE_ORIGIN_ICMP = 2;
    public static final int SO_EE_ORIGIN_ICMP6 = 3;

    /** ICMP (RFC 792) and ICMPv6 (RFC 4443) types and codes that path-MTU discovery meets. */
    public static final int ICMP_DEST_UNREACH = 3;
    public static final int ICMP_PORT_UNREACH = 3;
    public static final int ICMP_FRAG_NEEDED = 4;
    public static final int ICMPV6_DEST_UNREACH = 1;
    public static final int ICMPV6_PORT_UNREACH = 4;
    public static final int ICMPV6_PKT_TOOBIG = 2;

    public static final int POLLIN = 0x1;
    public static final int POLLERR = 0x8;

    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_ANONYMOUS = 0x20;

    public static final int SHUT_RD = 0;

    /** Interface flags of {@code <linux/if.h>}, as /sys/class/net/NAME/flags shows them. */
    public static final int IFF_UP = 0x1;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_POINTOPOINT = 0x10;
    public static final int IFF_MULTICAST = 0x1000;

    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EINVAL = 22;
    public static final int ENOTSOCK = 88;
    public static final int EMSGSIZE = 90;
    public static final int ENOPROTOOPT = 92;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENOTCONN = 107;
    public static final int ENOBUFS = 105;
    public static final int ENETUNREACH = 101;
    public static final int ECONNREFUSED = 111;
    public static final int EHOSTUNREACH = 113;

    /** The C name of an errno this class knows, e.g. {@code EADDRINUSE}. */
    public static Optional<String> errnoName(int errno) {
        return Optional.ofNullable(switch (errno) {
            case EINTR -> "EINTR";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EINVAL -> "EINVAL";
            case ENOTSOCK -> "ENOTSOCK";
            case EMSGSIZE -> "EMSGSIZE";
            case ENOPROTOOPT -> "ENOPROTOOPT";
            case EADDRINUSE -> "EADDRINUSE";
            case EADDRNOTAVAIL -> "EADDRNOTAVAIL";
            case ENOTCONN -> "ENOTCONN";
            case ENOBUFS -> "ENOBUFS";
            case ENETUNREACH -> "ENETUNREACH";
            case ECONNREFUSED -> "ECONNREFUSED";
            case EHOSTUNREACH -> "EHOSTUNREACH";
            default -> null;
        });
    }

    private LinuxSocketConstants() {
    }
}
