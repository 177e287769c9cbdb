package org.udpkit.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The key XOR ipad and XOR opad of RFC 2104, each one SHA-256 block; a key longer than a block is hashed first. */
record HmacPads(byte[] inner, byte[] outer) {
    private static final byte INNER = 0x36;
    private static final byte OUTER = 0x5c;

    static HmacPads of(SharedKey key) {
        byte[] k = key.bytes();
        if (k.length > HmacSha256.BLOCK_BYTES) {
            k = sha256().digest(k);
        }
        byte[] inner = new byte[HmacSha256.BLOCK_BYTES];
        byte[] outer = new byte[HmacSha256.BLOCK_BYTES];
        for (int i = 0; i < HmacSha256.BLOCK_BYTES; i++) {
            byte b = i < k.length ? k[i] : 0;
            inner[i] = (byte) (b ^ INNER);
            outer[i] = (byte) (b ^ OUTER);
        }
        return new HmacPads(inner, outer);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
