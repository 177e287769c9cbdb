package org.udpkit.protocol;

/**
 * HMAC-SHA256 (RFC 2104) with one key, writing into the caller's array: allocates nothing per call. Keeps
 * state between calls, so one serves one thread.
 *
 * <p>Two ways to compute the same tag. {@link PrecomputedPadsHmac} hashes the padded key once and starts
 * every tag from the saved states, as RFC 2104 section 4 suggests: two SHA-256 compressions fewer per tag,
 * about 40% of a short datagram's cost. It needs the JDK's own digest opened to us (the launcher's
 * {@code --add-opens java.base/sun.security.provider=org.udpkit}). Without that, {@link PortableHmac} hashes
 * the pads again for every tag through the public {@code MessageDigest}.
 */
sealed interface HmacSha256 permits PortableHmac, PrecomputedPadsHmac {
    /** Bytes of a tag: the whole SHA-256 output. */
    int TAG_BYTES = 32;
    /** SHA-256's block, the length of each padded key. */
    int BLOCK_BYTES = 64;

    /** Writes the HMAC of {@code length} bytes of {@code message} from {@code offset} into {@code out[0..32)}. */
    void compute(byte[] message, int offset, int length, byte[] out);

    /** The faster of the two this JVM allows. */
    static HmacSha256 of(SharedKey key) {
        HmacPads pads = HmacPads.of(key);
        return PrecomputedPadsHmac.create(pads).orElseGet(() -> new PortableHmac(pads));
    }
}
