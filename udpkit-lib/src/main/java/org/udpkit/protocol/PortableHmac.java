package org.udpkit.protocol;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * HMAC-SHA256 through the public {@code MessageDigest}: four compressions or more per tag, since the pads
 * are hashed again every time. Not {@code javax.crypto.Mac}, whose {@code doFinal} returns a fresh array
 * every time (HmacCore's {@code engineDoFinal}), which a server's hot path must not do.
 */
final class PortableHmac implements HmacSha256 {
    private final MessageDigest sha256 = HmacPads.sha256();
    private final HmacPads pads;
    private final byte[] innerHash = new byte[TAG_BYTES];

    PortableHmac(HmacPads pads) {
        this.pads = pads;
    }

    @Override
    public void compute(byte[] message, int offset, int length, byte[] out) {
        sha256.update(pads.inner());
        sha256.update(message, offset, length);
        digestInto(innerHash);
        sha256.update(pads.outer());
        sha256.update(innerHash);
        digestInto(out);
    }

    private void digestInto(byte[] out) {
        try {
            sha256.digest(out, 0, TAG_BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException("a 32-byte array holds a SHA-256 digest", e);
        }
    }
}
