package org.udpkit.protocol;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * The book's "request IDs: a good idea": every request starts with an 8-byte identifier (big-endian)
 * that the reply repeats, so a client can tell its reply from a late duplicate or a forgery by
 * someone who cannot see its requests. Random 64-bit IDs make guessing hopeless.
 *
 * <p>Wire format: {@code request = id(8) payload}, {@code reply = id(8) inner-reply}.
 */
public final class RequestIds {
    /** Bytes of the ID at the front of every request and reply. */
    public static final int ID_BYTES = Long.BYTES;

    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {
    }

    /** A fresh unguessable ID. */
    public static long newId() {
        return RANDOM.nextLong();
    }

    /** {@code id} followed by {@code payload}. */
    public static byte[] request(long id, byte[] payload) {
        return ByteBuffer.allocate(ID_BYTES + payload.length).putLong(id).put(payload).array();
    }

    /** Whether {@code datagram}, from its position on, is long enough to carry an ID. */
    public static boolean hasId(ByteBuffer datagram) {
        return datagram.remaining() >= ID_BYTES;
    }

    /** The ID at {@code datagram}'s position; check {@link #hasId} first. */
    public static long idOf(ByteBuffer datagram) {
        return datagram.getLong(datagram.position());
    }

    /** What follows the ID. */
    public static ByteBuffer body(ByteBuffer datagram) {
        return datagram.slice(datagram.position() + ID_BYTES, datagram.remaining() - ID_BYTES);
    }
}
