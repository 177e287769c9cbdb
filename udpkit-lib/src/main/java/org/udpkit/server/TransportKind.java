package org.udpkit.server;

/** Which {@link ServerTransport} a server uses. */
public enum TransportKind {
    /** The fastest one this system supports: {@link #LINUX_BATCHED} on Linux, else {@link #JDK}. */
    AUTO,
    /** recvmmsg/sendmmsg through java.lang.foreign, batches of datagrams per system call; Linux only. */
    LINUX_BATCHED,
    /** The portable JDK DatagramChannel transport. */
    JDK
}
