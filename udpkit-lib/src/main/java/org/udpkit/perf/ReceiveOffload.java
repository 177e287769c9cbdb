package org.udpkit.perf;

/** How the receiver takes its datagrams from the kernel. */
public enum ReceiveOffload {
    /** One datagram per message of {@code recvmmsg}. */
    NONE,
    /**
     * UDP generic receive offload ({@code UDP_GRO}): the kernel may hand over several datagrams of one flow and one
     * size as one buffer (on loopback, a {@link SendOffload#GSO} message exactly as it was sent), which the receiver
     * cuts at the test's datagram size.
     */
    GRO
}
