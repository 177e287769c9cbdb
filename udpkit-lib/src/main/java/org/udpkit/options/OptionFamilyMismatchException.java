package org.udpkit.options;

import java.net.StandardProtocolFamily;

/** An option of one address family asked of a socket of the other, e.g. IPV6_V6ONLY on an IPv4 socket. */
public final class OptionFamilyMismatchException extends IllegalArgumentException {
    private final StandardProtocolFamily socketFamily;

    OptionFamilyMismatchException(UdpSocketOption option, StandardProtocolFamily socketFamily) {
        super(option.name() + " is an " + (socketFamily == StandardProtocolFamily.INET6 ? "IPv4" : "IPv6")
                + " option, and this is an " + (socketFamily == StandardProtocolFamily.INET6 ? "IPv6" : "IPv4") + " socket");
        this.socketFamily = socketFamily;
    }

    /** The family of the socket the option was asked of. */
    public StandardProtocolFamily socketFamily() {
        return socketFamily;
    }
}
