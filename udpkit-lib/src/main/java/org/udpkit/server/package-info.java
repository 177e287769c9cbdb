/**
 * Servers: a transport owns the socket and the receive/reply loop, a {@link
 * org.udpkit.protocol.DatagramHandler} says what to answer, and {@link org.udpkit.server.ServerCounters}
 * records what happened. {@link org.udpkit.server.UdpServer} puts them together, with one transport and
 * thread per worker when {@link org.udpkit.server.ServerOptions#workers()} asks for several.
 *
 * <p>Transports: {@link org.udpkit.server.BatchedLinuxTransport} (recvmmsg/sendmmsg, chosen by
 * {@link org.udpkit.server.TransportKind#AUTO} on Linux) and the portable
 * {@link org.udpkit.server.ChannelTransport} (everywhere else, and the fallback). Both hand the handler
 * the same {@link org.udpkit.protocol.ReceivedDatagram} and reply buffer, so any protocol, the book's
 * length protocol or a later one, runs on either unchanged.
 */
package org.udpkit.server;
