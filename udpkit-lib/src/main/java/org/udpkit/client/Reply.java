package org.udpkit.client;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A datagram a client received, and who sent it. Holds its own copy of the bytes. */
public record Reply(byte[] data, InetSocketAddress from) {
    public Reply {
        data = data.clone();
    }

    /** A copy of the datagram's bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The bytes as Latin-1 text, one character per byte. */
    public String text() {
        return new String(data, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Reply reply && Arrays.equals(data, reply.data) && from.equals(reply.from);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + from.hashCode();
    }

    @Override
    public String toString() {
        return "Reply[" + data.length + " bytes from " + from + "]";
    }
}
