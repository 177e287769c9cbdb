package org.udpkit.client;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A datagram a client received, and who sent it. */
public record Reply(byte[] data, InetSocketAddress from) {
    public String text() {
        return new String(data, StandardCharsets.ISO_8859_1);
    }
}
