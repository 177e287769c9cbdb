package org.udpkit.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.udpkit.net.Endpoints;

/** Turns what the user typed into addresses, or into a {@link UsageException} that says what is wrong. */
final class Addresses {
    private Addresses() {
    }

    /** Where a server listens: port 0 lets the OS choose one. */
    static InetSocketAddress of(String host, int port) {
        return new InetSocketAddress(host(host), port);
    }

    /** Where a datagram goes: port 0 is no program's, so it is refused as a mistake, not tried. */
    static InetSocketAddress destination(String host, int port) {
        return destination(host(host), port);
    }

    static InetSocketAddress destination(InetAddress host, int port) {
        if (port == 0) {
            throw new UsageException("port 0 cannot be a destination: name the port a server listens on");
        }
        return new InetSocketAddress(host, port);
    }

    static InetAddress host(String host) {
        try {
            return Endpoints.host(host);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
