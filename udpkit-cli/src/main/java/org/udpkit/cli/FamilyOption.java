package org.udpkit.cli;

import java.net.StandardProtocolFamily;

import picocli.CommandLine.Option;

/** The {@code -6} flag: IPv6 (::1, an AF_INET6 socket) instead of IPv4. */
final class FamilyOption {
    @Option(names = {"-6", "--ipv6"}, description = "IPv6 instead of IPv4 (e.g. ::1 instead of 127.0.0.1)")
    boolean ipv6;

    StandardProtocolFamily family() {
        return ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }
}
