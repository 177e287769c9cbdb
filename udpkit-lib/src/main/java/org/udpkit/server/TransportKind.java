package org.udpkit.server;

/** Which {@link ServerTransport} a server uses. */
public enum TransportKind {
    /** The fastest one this system supports. */
    AUTO,
    /** The portable JDK DatagramChannel transport. */
    JDK
}
