package org.udpkit.protocol;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Tags and checks a stretch of a buffer with a {@link SharedKey}'s HMAC-SHA256 ({@link HmacSha256}),
 * allocating nothing per call. One per thread: it keeps state between calls.
 */
final class MessageTagger {
    private final HmacSha256 hmac;
    private final byte[] expected = new byte[HmacSha256.TAG_BYTES];
    private final byte[] received = new byte[HmacSha256.TAG_BYTES];
    /** Where a direct buffer's bytes are copied to be hashed (the digest takes arrays). */
    private final byte[] scratch = new byte[65_536];

    MessageTagger(SharedKey key) {
        hmac = HmacSha256.of(key);
    }

    /** Writes the tag of {@code buffer}'s bytes from {@code from} to {@code to} (absolute indexes) at {@code to}. */
    void tag(ByteBuffer buffer, int from, int to) {
        compute(buffer, from, to, expected);
        buffer.put(to, expected, 0, HmacSha256.TAG_BYTES);
    }

    /** Whether the tag at {@code to} is that of the bytes from {@code from} to {@code to}; compares in constant time. */
    boolean verify(ByteBuffer buffer, int from, int to) {
        compute(buffer, from, to, expected);
        buffer.get(to, received, 0, HmacSha256.TAG_BYTES);
        return MessageDigest.isEqual(expected, received);
    }

    private void compute(ByteBuffer buffer, int from, int to, byte[] out) {
        if (buffer.hasArray()) {
            hmac.compute(buffer.array(), buffer.arrayOffset() + from, to - from, out);
        } else {
            buffer.get(from, scratch, 0, to - from);
            hmac.compute(scratch, 0, to - from, out);
        }
    }
}
