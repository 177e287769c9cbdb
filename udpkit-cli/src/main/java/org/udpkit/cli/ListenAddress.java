package org.udpkit.cli;

import java.net.InetSocketAddress;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Where a server listens: the book's optional {@code INTERFACE} (every one by default) and {@code -p PORT}. */
final class ListenAddress {
    @Parameters(index = "0", arity = "0..1", paramLabel = "INTERFACE",
            description = "address to listen at; empty (the default) for every interface")
    String host = "";
    @Mixin
    PortOption port;

    InetSocketAddress address() {
        return Addresses.of(host, port.port);
    }
}
