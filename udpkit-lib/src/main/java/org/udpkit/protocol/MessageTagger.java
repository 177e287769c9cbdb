package org.udpkit.protocol;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA256 (RFC 2104) of a stretch of a buffer with a {@link SharedKey}, allocating nothing per call.
 *
 * <p>Built on the JDK's {@code MessageDigest} rather than {@code javax.crypto.Mac}: {@code Mac.doFinal}
 * returns a fresh array every time (HmacCore's {@code engineDoFinal}), which a server's hot path must not do,
 * while {@code MessageDigest.digest(byte[], int, int)} writes into ours. The result is the same HMAC, as
 * the tests check against {@code Mac}. One per thread: it keeps state between calls.
 */
final class MessageTagger {
    /** Bytes of a tag: the whole SHA-256 output. */
    static final int TAG_BYTES = 32;
    private static final int BLOCK_BYTES = 64;

    private final MessageDigest sha256;
    private final byte[] innerPad = new byte[BLOCK_BYTES];
    private final byte[] outerPad = new byte[BLOCK_BYTES];
    private final byte[] innerHash = new byte[TAG_BYTES];
    private final byte[] expected = new byte[TAG_BYTES];
    private final byte[] received = new byte[TAG_BYTES];
    /** Where a direct buffer's bytes are copied to be hashed (the digest takes arrays). */
    private final byte[] scratch = new byte[65_536];

    MessageTagger(SharedKey key) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] k = key.bytes();
        if (k.length > BLOCK_BYTES) {
            k = sha256.digest(k);
        }
        for (int i = 0; i < BLOCK_BYTES; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
    }

    /** Writes the tag of {@code buffer}'s bytes from {@code from} to {@code to} (absolute indexes) at {@code to}. */
    void tag(ByteBuffer buffer, int from, int to) {
        compute(buffer, from, to, expected);
        buffer.put(to, expected, 0, TAG_BYTES);
    }

    /** Whether the tag at {@code to} is that of the bytes from {@code from} to {@code to}; compares in constant time. */
    boolean verify(ByteBuffer buffer, int from, int to) {
        compute(buffer, from, to, expected);
        buffer.get(to, received, 0, TAG_BYTES);
        return MessageDigest.isEqual(expected, received);
    }

    private void compute(ByteBuffer buffer, int from, int to, byte[] out) {
        sha256.update(innerPad);
        if (buffer.hasArray()) {
            sha256.update(buffer.array(), buffer.arrayOffset() + from, to - from);
        } else {
            buffer.get(from, scratch, 0, to - from);
            sha256.update(scratch, 0, to - from);
        }
        digestInto(innerHash);
        sha256.update(outerPad);
        sha256.update(innerHash);
        digestInto(out);
    }

    private void digestInto(byte[] out) {
        try {
            sha256.digest(out, 0, TAG_BYTES);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("a 32-byte array holds a SHA-256 digest", e);
        }
    }
}
