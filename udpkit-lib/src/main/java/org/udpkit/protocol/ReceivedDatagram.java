package org.udpkit.protocol;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One datagram as a transport hands it to a {@link DatagramHandler}. Transports reuse the object and
 * its buffer for the next datagram, so a handler must not keep either.
 */
public interface ReceivedDatagram {
    /** The payload, from position 0 to its true length. Read-only for the handler's purposes. */
    ByteBuffer payload();

    /** The payload's length in bytes as the kernel reported it. */
    default int length() {
        return payload().remaining();
    }

    /** Who sent it. May allocate: a hot-path handler that does not need it should not ask. */
    InetSocketAddress sender();
}
