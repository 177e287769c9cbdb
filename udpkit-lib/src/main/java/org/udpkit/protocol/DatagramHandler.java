package org.udpkit.protocol;

import java.nio.ByteBuffer;

/**
 * A protocol: given one request, writes the reply. The same handler runs on every transport (the
 * portable JDK channel and the batched Linux one), which owns the sockets, the buffers and the loop.
 *
 * <p>Handlers are called from the transport's thread, one datagram at a time. A handler must not throw
 * for any input; a transport that catches one anyway counts it and carries on.
 */
@FunctionalInterface
public interface DatagramHandler {
    /** Hears everything and answers nothing, like udp_broadcast.py's server. */
    DatagramHandler NO_REPLY = (request, reply) -> false;

    /**
     * Writes the reply to {@code request} into {@code reply} (cleared, with room for a 65,507-byte
     * datagram) and returns true to send it, or returns false to send nothing.
     */
    boolean handle(ReceivedDatagram request, ByteBuffer reply);

    /**
     * Says that every datagram of one receive has been handled and the replies sent: the batched
     * transport's {@code recvmmsg} batch, the JDK channel's single datagram. A handler that gathers what
     * it prints writes it now, a batch at a time; a handler that wraps another passes this on. Must not
     * throw, like {@link #handle}.
     */
    default void batchEnded() {
    }

    /**
     * Whether the request just handled, which {@link #handle} chose to answer, proved that its source
     * receives our replies (a valid tag of the ID protocol, an echoed cookie). A server's amplification
     * limit (at most three times the bytes received, RFC 9000 section 8) applies only to sources that have
     * not proved it. Asked on the transport's thread right after {@link #handle} returned true; a handler
     * that wraps another passes it on. Must not throw or allocate.
     */
    default boolean sourceProven() {
        return false;
    }
}
