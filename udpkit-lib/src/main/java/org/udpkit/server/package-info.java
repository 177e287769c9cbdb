/**
 * Servers: a transport owns the socket and the receive/reply loop, a {@link
 * org.udpkit.protocol.DatagramHandler} says what to answer, and each worker counts what happened
 * ({@link org.udpkit.server.ServerCounter}, read as a {@link org.udpkit.server.ServerCounts} snapshot).
 * {@link org.udpkit.server.UdpServer} puts them together, with one transport and thread per worker when
 * {@link org.udpkit.server.ServerOptions#workers()} asks for several.
 *
 * <p>Transports, named by {@link org.udpkit.server.TransportKind}: the batched Linux one (recvmmsg/sendmmsg,
 * chosen by {@link org.udpkit.server.TransportKind#AUTO} on Linux) and the portable JDK channel (everywhere
 * else, and the fallback). Both hand the handler the same {@link org.udpkit.protocol.ReceivedDatagram} and
 * reply buffer, so any protocol, the book's length protocol or a later one, runs on either unchanged.
 * Transports are not API: a server is made with {@link org.udpkit.server.UdpServer#open}.
 */
package org.udpkit.server;
