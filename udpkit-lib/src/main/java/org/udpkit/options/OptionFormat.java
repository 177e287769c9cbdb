package org.udpkit.options;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.udpkit.linux.LinuxSocketConstants.AF_INET;
import static org.udpkit.linux.LinuxSocketConstants.AF_INET6;
import static org.udpkit.linux.LinuxSocketConstants.IPPROTO_TCP;
import static org.udpkit.linux.LinuxSocketConstants.IPPROTO_UDP;
import static org.udpkit.linux.LinuxSocketConstants.IPPROTO_UDPLITE;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_PMTUDISC_DO;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_PMTUDISC_DONT;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_PMTUDISC_INTERFACE;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_PMTUDISC_OMIT;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_PMTUDISC_PROBE;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_PMTUDISC_WANT;
import static org.udpkit.linux.LinuxSocketConstants.IP_PMTUDISC_DO;
import static org.udpkit.linux.LinuxSocketConstants.IP_PMTUDISC_DONT;
import static org.udpkit.linux.LinuxSocketConstants.IP_PMTUDISC_INTERFACE;
import static org.udpkit.linux.LinuxSocketConstants.IP_PMTUDISC_OMIT;
import static org.udpkit.linux.LinuxSocketConstants.IP_PMTUDISC_PROBE;
import static org.udpkit.linux.LinuxSocketConstants.IP_PMTUDISC_WANT;
import static org.udpkit.linux.LinuxSocketConstants.SOCK_DGRAM;
import static org.udpkit.linux.LinuxSocketConstants.SOCK_RAW;
import static org.udpkit.linux.LinuxSocketConstants.SOCK_SEQPACKET;
import static org.udpkit.linux.LinuxSocketConstants.SOCK_STREAM;

/** How an option's int is shown to a person and read back from what a person typed. */
public enum OptionFormat {
    /** A count, a size or a number of hops, in decimal. */
    NUMBER(Map.of()),
    /** A boolean: 0 is off, anything else on. */
    FLAG(Map.of()),
    /** IP_TOS and IPV6_TCLASS: the byte with DSCP in its upper six bits and ECN in its lower two. */
    TRAFFIC_CLASS(Map.of()),
    /** A {@code struct in_addr} as getsockopt stores it: bytes in network order. */
    IPV4_ADDRESS(Map.of()),
    SOCKET_TYPE(Map.of(SOCK_STREAM, "SOCK_STREAM", SOCK_DGRAM, "SOCK_DGRAM", SOCK_RAW, "SOCK_RAW",
            SOCK_SEQPACKET, "SOCK_SEQPACKET")),
    ADDRESS_FAMILY(Map.of(AF_INET, "AF_INET", AF_INET6, "AF_INET6")),
    IP_PROTOCOL(Map.of(IPPROTO_TCP, "IPPROTO_TCP", IPPROTO_UDP, "IPPROTO_UDP", IPPROTO_UDPLITE, "IPPROTO_UDPLITE")),
    IP_PMTUDISC(Map.of(IP_PMTUDISC_DONT, "IP_PMTUDISC_DONT", IP_PMTUDISC_WANT, "IP_PMTUDISC_WANT",
            IP_PMTUDISC_DO, "IP_PMTUDISC_DO", IP_PMTUDISC_PROBE, "IP_PMTUDISC_PROBE",
            IP_PMTUDISC_INTERFACE, "IP_PMTUDISC_INTERFACE", IP_PMTUDISC_OMIT, "IP_PMTUDISC_OMIT")),
    IPV6_PMTUDISC(Map.of(IPV6_PMTUDISC_DONT, "IPV6_PMTUDISC_DONT", IPV6_PMTUDISC_WANT, "IPV6_PMTUDISC_WANT",
            IPV6_PMTUDISC_DO, "IPV6_PMTUDISC_DO", IPV6_PMTUDISC_PROBE, "IPV6_PMTUDISC_PROBE",
            IPV6_PMTUDISC_INTERFACE, "IPV6_PMTUDISC_INTERFACE", IPV6_PMTUDISC_OMIT, "IPV6_PMTUDISC_OMIT"));

    private final Map<Integer, String> names;

    OptionFormat(Map<Integer, String> names) {
        this.names = new TreeMap<>(names);
    }

    /** {@code 2 (SOCK_DGRAM)}, {@code 1 (on)}, {@code 184 (0xb8; DSCP 46, ECN 0)}, {@code 0.0.0.0}, {@code 64}. */
    public String show(int value) {
        return switch (this) {
            case NUMBER -> Integer.toString(value);
            case FLAG -> value + (value == 0 ? " (off)" : " (on)");
            case TRAFFIC_CLASS -> value + String.format(Locale.ROOT, " (0x%02x; DSCP %d, ECN %d)",
                    value, (value >> 2) & 0x3f, value & 0x3);
            case IPV4_ADDRESS -> addressOf(value).getHostAddress();
            default -> value + " (" + names.getOrDefault(value, "unknown") + ")";
        };
    }

    /**
     * Reads a value as a person writes it: a decimal or {@code 0x} number; for a flag also on/off,
     * true/false, yes/no; for a named value its name with or without the prefix ({@code do},
     * {@code IP_PMTUDISC_DO}); for an address an IPv4 literal.
     *
     * @throws IllegalArgumentException with a sentence saying what would have been accepted
     */
    public int parse(String text) {
        String value = text.strip();
        switch (this) {
            case FLAG -> {
                switch (value.toLowerCase(Locale.ROOT)) {
                    case "on", "true", "yes" -> {
                        return 1;
                    }
                    case "off", "false", "no" -> {
                        return 0;
                    }
                    default -> {
                        return number(value, "0, 1, on, off, true, false, yes or no");
                    }
                }
            }
            case IPV4_ADDRESS -> {
                return parseAddress(value);
            }
            case NUMBER, TRAFFIC_CLASS -> {
                return number(value, "a number");
            }
            default -> {
                for (Map.Entry<Integer, String> name : names.entrySet()) {
                    String full = name.getValue();
                    String shortName = full.substring(full.lastIndexOf('_') + 1);
                    if (value.equalsIgnoreCase(full) || value.equalsIgnoreCase(shortName)) {
                        return name.getKey();
                    }
                }
                return number(value, "a number or one of " + String.join(", ", names.values()));
            }
        }
    }

    private static int number(String value, String expected) {
        try {
            if (value.startsWith("0x") || value.startsWith("0X")) {
                return Integer.parseUnsignedInt(value.substring(2), 16);
            }
            // As a long, so that 99999999999 is too big, not "not a number".
            long number = Long.parseLong(value);
            if (number != (int) number) {
                throw new IllegalArgumentException("'" + value + "' is more than a socket option holds (an int, "
                        + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")");
            }
            return (int) number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not " + expected);
        }
    }

    private static int parseAddress(String value) {
        InetAddress address;
        try {
            // A literal only: a socket option is no place for a DNS lookup.
            address = InetAddress.ofLiteral(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not an IPv4 address literal such as 127.0.0.1");
        }
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("'" + value + "' is not an IPv4 address literal such as 127.0.0.1");
        }
        return ByteBuffer.wrap(address.getAddress()).order(ByteOrder.nativeOrder()).getInt();
    }

    private static InetAddress addressOf(int value) {
        byte[] raw = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder()).putInt(value).array();
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
