/**
 * Servers: a transport owns the socket and the receive/reply loop, a {@link
 * org.udpkit.protocol.DatagramHandler} says what to answer, and {@link org.udpkit.server.ServerCounters}
 * records what happened. {@link org.udpkit.server.UdpServer} puts them together.
 */
package org.udpkit.server;
