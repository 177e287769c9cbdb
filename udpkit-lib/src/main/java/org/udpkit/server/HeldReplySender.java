package org.udpkit.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Sends a reply that a fault held back, from the server's own socket, on the thread of {@link FaultyReplies}
 * while the worker's thread keeps receiving (a UDP socket takes a send and a receive at once).
 */
interface HeldReplySender extends AutoCloseable {
    void send(ByteBuffer payload, InetSocketAddress to) throws IOException;

    /** Releases what sending needed (not the socket, which the transport owns). */
    @Override
    default void close() {
    }
}
