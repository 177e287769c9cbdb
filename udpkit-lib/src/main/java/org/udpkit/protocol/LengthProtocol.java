package org.udpkit.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * The book's protocol: every datagram is answered with {@code Your data was N bytes long}, N being
 * the length of the request in bytes. Wire-compatible with udp_local.py and udp_remote.py.
 */
public final class LengthProtocol implements DatagramHandler {
    private static final byte[] PREFIX = "Your data was ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = " bytes long".getBytes(StandardCharsets.US_ASCII);

    /** The longest reply: a 65,507-byte request's. */
    public static final int MAX_REPLY_LENGTH = PREFIX.length + 5 + SUFFIX.length;

    public LengthProtocol() {
        // Stateless: one instance may serve every worker.
    }

    /** The reply as text. */
    public static String replyText(int requestLength) {
        return "Your data was " + requestLength + " bytes long";
    }

    @Override
    public boolean handle(ReceivedDatagram request, ByteBuffer reply) {
        writeReply(request.length(), reply);
        return true;
    }

    /** Writes the reply for a request of {@code requestLength} bytes at {@code reply}'s position, allocating nothing. */
    public static void writeReply(int requestLength, ByteBuffer reply) {
        reply.put(PREFIX);
        writeDecimal(requestLength, reply);
        reply.put(SUFFIX);
    }

    /** The request length a reply speaks of; empty when {@code reply} is not one of this protocol's. */
    public static OptionalInt parseReply(ByteBuffer reply) {
        int length = lengthIn(reply);
        return length < 0 ? OptionalInt.empty() : OptionalInt.of(length);
    }

    /**
     * Whether {@code datagram} (position to limit) is a reply of this protocol, to any request; allocates
     * nothing. A server must not answer one, or two servers could be made to talk to each other for ever.
     */
    public static boolean isReply(ByteBuffer datagram) {
        return lengthIn(datagram) >= 0;
    }

    /** Whether {@code reply} is this protocol's answer to a request of {@code requestLength} bytes; allocates nothing. */
    public static boolean isReplyTo(ByteBuffer reply, int requestLength) {
        return requestLength >= 0 && lengthIn(reply) == requestLength;
    }

    /** The length a reply carries, or -1 when it is not a reply: kept inside, where it costs no allocation. */
    private static int lengthIn(ByteBuffer reply) {
        int length = reply.remaining();
        int start = reply.position();
        if (length < PREFIX.length + 1 + SUFFIX.length) {
            return -1;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (reply.get(start + i) != PREFIX[i]) {
                return -1;
            }
        }
        int end = start + length - SUFFIX.length;
        for (int i = 0; i < SUFFIX.length; i++) {
            if (reply.get(end + i) != SUFFIX[i]) {
                return -1;
            }
        }
        long value = 0;
        int digits = end - (start + PREFIX.length);
        if (digits > 9) {
            return -1;
        }
        for (int i = start + PREFIX.length; i < end; i++) {
            int d = reply.get(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return (int) value;
    }

    private static void writeDecimal(int value, ByteBuffer out) {
        if (value == 0) {
            out.put((byte) '0');
            return;
        }
        int divisor = 1;
        while (value / divisor >= 10) {
            divisor *= 10;
        }
        while (divisor > 0) {
            out.put((byte) ('0' + (value / divisor) % 10));
            divisor /= 10;
        }
    }
}
