package org.udpkit.mtu;

/**
 * What happened to one big datagram sent with fragmentation forbidden.
 *
 * @param size the payload size tried
 * @param sent true when the kernel took it
 * @param mtu  the path MTU the kernel reports for the destination (IP_MTU / IPV6_MTU), read after the try
 * @param error the kernel's words when it refused the datagram, else null
 */
public record BigDatagramResult(int size, boolean sent, int mtu, String error) {
    /** The largest UDP payload that fits in {@link #mtu()} unfragmented, for the address family used. */
    public int largestUnfragmentedPayload(boolean ipv6) {
        return mtu - (ipv6 ? 40 : 20) - 8;
    }
}
