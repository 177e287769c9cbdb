package org.udpkit.server;

/**
 * Which address a server bound to the wildcard address (0.0.0.0, ::) answers from. A server bound to one
 * address always answers from it; the choice matters on a host with several addresses, where the routing
 * table's pick may not be the address the client sent to, and a connected client (the book's defence
 * against forged replies) then throws the answer away.
 */
public enum ReplySource {
    /**
     * The request's destination wherever the transport can read it (the batched Linux transport, through
     * IP_PKTINFO and IPV6_PKTINFO), else the routing table's pick (the JDK channel, which cannot): the default.
     */
    AUTO,
    /** The address each request was sent to; a transport that cannot do this (the JDK channel on a wildcard bind) refuses to open. */
    REQUEST_DESTINATION,
    /** The address the routing table picks for the client, as the book's servers (and a socket left alone) do. */
    ROUTE
}
