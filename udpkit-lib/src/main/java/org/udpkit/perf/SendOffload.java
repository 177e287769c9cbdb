package org.udpkit.perf;

/** How the sender hands its datagrams to the kernel. */
public enum SendOffload {
    /** One datagram per message of {@code sendmmsg}. */
    NONE,
    /**
     * UDP generic segmentation offload ({@code UDP_SEGMENT}): one message carries up to
     * {@value BatchedSender#MAX_SEGMENTS} datagrams of one size, which the kernel cuts apart as late as it can,
     * so a batch of 64 messages costs one system call and far fewer trips through the stack.
     */
    GSO
}
