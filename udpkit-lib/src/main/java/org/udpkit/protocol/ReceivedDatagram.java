package org.udpkit.protocol;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One datagram as a transport hands it to a {@link DatagramHandler}. Transports reuse the object and
 * its buffer for the next datagram, so a handler must not keep either.
 */
public interface ReceivedDatagram {
    /**
     * The payload, between the buffer's position and its limit (a wrapping handler such as
     * {@link IdHandler} passes on a view whose position is past what it consumed). Read-only for
     * the handler's purposes.
     */
    ByteBuffer payload();

    /** The payload's length in bytes: what remains of {@link #payload()}. */
    default int length() {
        return payload().remaining();
    }

    /** Who sent it. May allocate: a hot-path handler that does not need it should not ask. */
    InetSocketAddress sender();
}
