package org.udpkit.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;

/** How udpkit reads hosts and ports from a user, and how it writes an address back: {@code host:port}, IPv6 as {@code [::1]:port}. */
public final class Endpoints {
    /** The book's default UDP port for every program of the chapter. */
    public static final int DEFAULT_PORT = 1060;

    private Endpoints() {
    }

    /** {@code 127.0.0.1:1060}, {@code [::1]:1060}; an unresolved address keeps its host name. */
    public static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip instanceof Inet6Address v6) {
            return "[" + format(v6) + "]:" + address.getPort();
        }
        String host = ip == null ? address.getHostString() : ip.getHostAddress();
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + address.getPort() : host + ":" + address.getPort();
    }

    /** An IPv6 address in its short form (RFC 5952): {@code ::1}, {@code fe80::1%eth0}, not the JDK's {@code 0:0:0:0:0:0:0:1}. */
    public static String format(Inet6Address address) {
        StringBuilder text = new StringBuilder(AddressText.of(address));
        if (address.getScopedInterface() != null) {
            text.append('%').append(address.getScopedInterface().getName());
        } else if (address.getScopeId() != 0) {
            text.append('%').append(address.getScopeId());
        }
        return text.toString();
    }

    /**
     * Resolves a host the user typed: an IPv4 or IPv6 literal (brackets allowed), a name, or the
     * empty string for "every interface" as the book's {@code bind(('', port))} means it.
     *
     * @throws IllegalArgumentException with a sentence fit for the user when the name does not resolve
     */
    public static InetAddress host(String text) {
        String host = text.strip();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            return anyLocal(StandardProtocolFamily.INET);
        }
        if (!host.matches("[A-Za-z0-9._:%-]+")) {
            // Refuse what no resolver could find before asking one.
            throw new IllegalArgumentException("'" + text + "' is not a host name or an IP address");
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + text + "'");
        }
    }

    /** {@code host} with {@code port} after checking the port is a UDP port. */
    public static InetSocketAddress of(String host, int port) {
        return new InetSocketAddress(host(host), checkPort(port));
    }

    /** The family an address belongs to. */
    public static StandardProtocolFamily familyOf(InetAddress address) {
        return address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** The wildcard address of the family, for "listen everywhere". */
    public static InetAddress anyLocal(StandardProtocolFamily family) {
        return InetAddress.ofLiteral(switch (family) {
            case INET -> "0.0.0.0";
            case INET6 -> "::";
            case UNIX -> throw new IllegalArgumentException("UDP has no " + family + " addresses");
        });
    }

    /** The loopback address of the family. */
    public static InetAddress loopback(StandardProtocolFamily family) {
        return InetAddress.ofLiteral(switch (family) {
            case INET -> "127.0.0.1";
            case INET6 -> "::1";
            case UNIX -> throw new IllegalArgumentException("UDP has no " + family + " addresses");
        });
    }

    /** Returns {@code port} when it is 0-65535. */
    public static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0-65535");
        }
        return port;
    }
}
