package org.udpkit.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.udpkit.net.Endpoints;

/** Turns what the user typed into addresses, or into a {@link UsageException} that says what is wrong. */
final class Addresses {
    private Addresses() {
    }

    static InetSocketAddress of(String host, int port) {
        return new InetSocketAddress(host(host), port);
    }

    static InetAddress host(String host) {
        try {
            return Endpoints.host(host);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
