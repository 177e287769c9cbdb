package org.udpkit.request;

/** Whether a {@link Requester}'s socket is connected to the server. */
public enum Connection {
    /**
     * The kernel delivers only the server's datagrams, and reports its port unreachable (then requests end
     * {@link RequestOutcome.Refused}).
     */
    CONNECTED,
    /** Datagrams from anyone arrive; the requester itself rejects those not from the server, as forged. */
    UNCONNECTED
}
