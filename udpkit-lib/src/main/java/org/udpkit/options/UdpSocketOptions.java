package org.udpkit.options;

import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.udpkit.linux.LinuxSocketConstants;

import static org.udpkit.linux.LinuxSocketConstants.IPV6_MTU;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_MTU_DISCOVER;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_MULTICAST_HOPS;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_MULTICAST_LOOP;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_TCLASS;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_UNICAST_HOPS;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_V6ONLY;
import static org.udpkit.linux.LinuxSocketConstants.IP_FREEBIND;
import static org.udpkit.linux.LinuxSocketConstants.IP_MTU;
import static org.udpkit.linux.LinuxSocketConstants.IP_MTU_DISCOVER;
import static org.udpkit.linux.LinuxSocketConstants.IP_MULTICAST_IF;
import static org.udpkit.linux.LinuxSocketConstants.IP_MULTICAST_LOOP;
import static org.udpkit.linux.LinuxSocketConstants.IP_MULTICAST_TTL;
import static org.udpkit.linux.LinuxSocketConstants.IP_PKTINFO;
import static org.udpkit.linux.LinuxSocketConstants.IP_RECVERR;
import static org.udpkit.linux.LinuxSocketConstants.IP_TOS;
import static org.udpkit.linux.LinuxSocketConstants.IP_TTL;
import static org.udpkit.linux.LinuxSocketConstants.SO_BROADCAST;
import static org.udpkit.linux.LinuxSocketConstants.SO_BUSY_POLL;
import static org.udpkit.linux.LinuxSocketConstants.SO_INCOMING_CPU;
import static org.udpkit.linux.LinuxSocketConstants.SO_MARK;
import static org.udpkit.linux.LinuxSocketConstants.SO_PRIORITY;
import static org.udpkit.linux.LinuxSocketConstants.SO_RCVBUF;
import static org.udpkit.linux.LinuxSocketConstants.SO_RCVLOWAT;
import static org.udpkit.linux.LinuxSocketConstants.SO_REUSEADDR;
import static org.udpkit.linux.LinuxSocketConstants.SO_REUSEPORT;
import static org.udpkit.linux.LinuxSocketConstants.SO_RXQ_OVFL;
import static org.udpkit.linux.LinuxSocketConstants.SO_SNDBUF;
import static org.udpkit.linux.LinuxSocketConstants.SO_TIMESTAMP;
import static org.udpkit.linux.LinuxSocketConstants.SO_TYPE;
import static org.udpkit.linux.LinuxSocketConstants.UDP_CORK;
import static org.udpkit.linux.LinuxSocketConstants.UDP_GRO;
import static org.udpkit.linux.LinuxSocketConstants.UDP_SEGMENT;
import static org.udpkit.options.OptionFormat.ADDRESS_FAMILY;
import static org.udpkit.options.OptionFormat.FLAG;
import static org.udpkit.options.OptionFormat.IPV4_ADDRESS;
import static org.udpkit.options.OptionFormat.IPV6_PMTUDISC;
import static org.udpkit.options.OptionFormat.IP_PMTUDISC;
import static org.udpkit.options.OptionFormat.IP_PROTOCOL;
import static org.udpkit.options.OptionFormat.NUMBER;
import static org.udpkit.options.OptionFormat.SOCKET_TYPE;
import static org.udpkit.options.OptionFormat.TRAFFIC_CLASS;
import static org.udpkit.options.OptionLevel.IPPROTO_IP;
import static org.udpkit.options.OptionLevel.IPPROTO_IPV6;
import static org.udpkit.options.OptionLevel.IPPROTO_UDP;
import static org.udpkit.options.OptionLevel.SOL_SOCKET;

/**
 * The options of a UDP socket worth looking at, in the order they are listed, with Linux's numbers
 * from {@link LinuxSocketConstants}.
 */
public final class UdpSocketOptions {
    private static final List<UdpSocketOption> ALL = table();

    private UdpSocketOptions() {
    }

    private static List<UdpSocketOption> table() {
        List<UdpSocketOption> t = new ArrayList<>();
        readOnly(t, "SO_TYPE", SOL_SOCKET, SO_TYPE, SOCKET_TYPE);
        readOnly(t, "SO_DOMAIN", SOL_SOCKET, LinuxSocketConstants.SO_DOMAIN, ADDRESS_FAMILY);
        readOnly(t, "SO_PROTOCOL", SOL_SOCKET, LinuxSocketConstants.SO_PROTOCOL, IP_PROTOCOL);
        readOnly(t, "SO_ERROR", SOL_SOCKET, LinuxSocketConstants.SO_ERROR, NUMBER);
        t.add(new UdpSocketOption("SO_RCVBUF", SOL_SOCKET, SO_RCVBUF, NUMBER, true, Optional.of("net.core.rmem_max")));
        t.add(new UdpSocketOption("SO_SNDBUF", SOL_SOCKET, SO_SNDBUF, NUMBER, true, Optional.of("net.core.wmem_max")));
        settable(t, "SO_RCVLOWAT", SOL_SOCKET, SO_RCVLOWAT, NUMBER);
        settable(t, "SO_SNDLOWAT", SOL_SOCKET, LinuxSocketConstants.SO_SNDLOWAT, NUMBER);
        settable(t, "SO_BROADCAST", SOL_SOCKET, SO_BROADCAST, FLAG);
        settable(t, "SO_REUSEADDR", SOL_SOCKET, SO_REUSEADDR, FLAG);
        settable(t, "SO_REUSEPORT", SOL_SOCKET, SO_REUSEPORT, FLAG);
        settable(t, "SO_DONTROUTE", SOL_SOCKET, LinuxSocketConstants.SO_DONTROUTE, FLAG);
        settable(t, "SO_PRIORITY", SOL_SOCKET, SO_PRIORITY, NUMBER);
        settable(t, "SO_MARK", SOL_SOCKET, SO_MARK, NUMBER);
        settable(t, "SO_TIMESTAMP", SOL_SOCKET, SO_TIMESTAMP, FLAG);
        settable(t, "SO_RXQ_OVFL", SOL_SOCKET, SO_RXQ_OVFL, FLAG);
        settable(t, "SO_BUSY_POLL", SOL_SOCKET, SO_BUSY_POLL, NUMBER);
        settable(t, "SO_INCOMING_CPU", SOL_SOCKET, SO_INCOMING_CPU, NUMBER);
        settable(t, "SO_ZEROCOPY", SOL_SOCKET, LinuxSocketConstants.SO_ZEROCOPY, FLAG);

        settable(t, "IP_TOS", IPPROTO_IP, IP_TOS, TRAFFIC_CLASS);
        settable(t, "IP_TTL", IPPROTO_IP, IP_TTL, NUMBER);
        settable(t, "IP_MULTICAST_TTL", IPPROTO_IP, IP_MULTICAST_TTL, NUMBER);
        settable(t, "IP_MULTICAST_LOOP", IPPROTO_IP, IP_MULTICAST_LOOP, FLAG);
        settable(t, "IP_MULTICAST_IF", IPPROTO_IP, IP_MULTICAST_IF, IPV4_ADDRESS);
        settable(t, "IP_MULTICAST_ALL", IPPROTO_IP, LinuxSocketConstants.IP_MULTICAST_ALL, FLAG);
        settable(t, "IP_MTU_DISCOVER", IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC);
        readOnly(t, "IP_MTU", IPPROTO_IP, IP_MTU, NUMBER);
        settable(t, "IP_RECVERR", IPPROTO_IP, IP_RECVERR, FLAG);
        settable(t, "IP_PKTINFO", IPPROTO_IP, IP_PKTINFO, FLAG);
        settable(t, "IP_RECVTTL", IPPROTO_IP, LinuxSocketConstants.IP_RECVTTL, FLAG);
        settable(t, "IP_RECVTOS", IPPROTO_IP, LinuxSocketConstants.IP_RECVTOS, FLAG);
        settable(t, "IP_FREEBIND", IPPROTO_IP, IP_FREEBIND, FLAG);
        settable(t, "IP_TRANSPARENT", IPPROTO_IP, LinuxSocketConstants.IP_TRANSPARENT, FLAG);
        settable(t, "IP_BIND_ADDRESS_NO_PORT", IPPROTO_IP, LinuxSocketConstants.IP_BIND_ADDRESS_NO_PORT, FLAG);

        settable(t, "IPV6_V6ONLY", IPPROTO_IPV6, IPV6_V6ONLY, FLAG);
        settable(t, "IPV6_UNICAST_HOPS", IPPROTO_IPV6, IPV6_UNICAST_HOPS, NUMBER);
        settable(t, "IPV6_MULTICAST_HOPS", IPPROTO_IPV6, IPV6_MULTICAST_HOPS, NUMBER);
        settable(t, "IPV6_MULTICAST_LOOP", IPPROTO_IPV6, IPV6_MULTICAST_LOOP, FLAG);
        settable(t, "IPV6_MULTICAST_IF", IPPROTO_IPV6, LinuxSocketConstants.IPV6_MULTICAST_IF, NUMBER);
        settable(t, "IPV6_MTU_DISCOVER", IPPROTO_IPV6, IPV6_MTU_DISCOVER, IPV6_PMTUDISC);
        settable(t, "IPV6_MTU", IPPROTO_IPV6, IPV6_MTU, NUMBER);
        settable(t, "IPV6_TCLASS", IPPROTO_IPV6, IPV6_TCLASS, TRAFFIC_CLASS);
        settable(t, "IPV6_DONTFRAG", IPPROTO_IPV6, LinuxSocketConstants.IPV6_DONTFRAG, FLAG);
        settable(t, "IPV6_RECVERR", IPPROTO_IPV6, LinuxSocketConstants.IPV6_RECVERR, FLAG);
        settable(t, "IPV6_RECVPKTINFO", IPPROTO_IPV6, LinuxSocketConstants.IPV6_RECVPKTINFO, FLAG);
        settable(t, "IPV6_RECVHOPLIMIT", IPPROTO_IPV6, LinuxSocketConstants.IPV6_RECVHOPLIMIT, FLAG);
        settable(t, "IPV6_RECVTCLASS", IPPROTO_IPV6, LinuxSocketConstants.IPV6_RECVTCLASS, FLAG);
        settable(t, "IPV6_FREEBIND", IPPROTO_IPV6, LinuxSocketConstants.IPV6_FREEBIND, FLAG);

        settable(t, "UDP_CORK", IPPROTO_UDP, UDP_CORK, FLAG);
        settable(t, "UDP_SEGMENT", IPPROTO_UDP, UDP_SEGMENT, NUMBER);
        settable(t, "UDP_GRO", IPPROTO_UDP, UDP_GRO, FLAG);
        return List.copyOf(t);
    }

    private static void settable(List<UdpSocketOption> table, String name, OptionLevel level, int number,
                                 OptionFormat format) {
        table.add(new UdpSocketOption(name, level, number, format, true, Optional.empty()));
    }

    private static void readOnly(List<UdpSocketOption> table, String name, OptionLevel level, int number,
                                 OptionFormat format) {
        table.add(new UdpSocketOption(name, level, number, format, false, Optional.empty()));
    }

    /** Every option in the table, both families. */
    public static List<UdpSocketOption> all() {
        return ALL;
    }

    /** The options a socket of that family has, in listing order. */
    public static List<UdpSocketOption> forFamily(StandardProtocolFamily family) {
        return ALL.stream().filter(o -> o.appliesTo(family)).toList();
    }

    /** The option with that C name, whatever its case. */
    public static Optional<UdpSocketOption> named(String name) {
        String wanted = name.strip().toUpperCase(Locale.ROOT);
        return ALL.stream().filter(o -> o.name().equals(wanted)).findFirst();
    }
}
