package org.udpkit.mtu;

import java.net.StandardProtocolFamily;

/** What happened to one big datagram sent with fragmentation forbidden. */
public sealed interface BigDatagramResult {
    /** The payload size tried. */
    int size();

    /** The kernel took the datagram; {@code pathMtu} is what it knows of the path afterwards (IP_MTU / IPV6_MTU). */
    record Sent(int size, int pathMtu) implements BigDatagramResult {
    }

    /**
     * The kernel refused the datagram as longer than the path MTU it knows (EMSGSIZE).
     *
     * @param kernelSays the kernel's words for the refusal
     */
    record TooBig(int size, int pathMtu, String kernelSays) implements BigDatagramResult {
    }

    /** Path-MTU discovery cannot run here (it needs Linux's IP_MTU), and why. */
    record Unsupported(int size, String reason) implements BigDatagramResult {
    }

    /** The largest UDP payload that fits unfragmented in a path MTU of {@code mtu} bytes over {@code family}. */
    static int largestUnfragmentedPayload(int mtu, StandardProtocolFamily family) {
        int ipHeader = family == StandardProtocolFamily.INET6 ? 40 : 20;
        return mtu - ipHeader - 8;
    }
}
