package org.udpkit.linux;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;

/**
 * Decodes a sender's sockaddr, and keeps the last one decoded: while the same sender sends again (a
 * client usually sends many datagrams in a row), its address is handed back without decoding, which
 * would allocate an {@link InetSocketAddress}, its {@code InetAddress} and their bytes every time.
 * Not thread-safe: one per receiving thread.
 */
final class LastSender {
    /** The largest sockaddr kept: an IPv6 one. Anything longer is decoded every time. */
    private static final int KEPT_BYTES = (int) SocketAddressLayout.SOCKADDR_IN6.byteSize();

    private final MemorySegment raw = MemorySegment.ofArray(new byte[KEPT_BYTES]);
    /** Bytes of {@link #raw} that hold the last sender; 0 until one is kept. */
    private int rawLength;
    private InetSocketAddress decoded;

    /** The sender in the first {@code length} bytes of {@code sockaddr}. */
    InetSocketAddress read(MemorySegment sockaddr, int length) {
        if (rawLength == length && length > 0 && MemorySegment.mismatch(sockaddr, 0, length, raw, 0, length) == -1) {
            return decoded;
        }
        InetSocketAddress sender = SocketAddressLayout.read(sockaddr);
        if (length > 0 && length <= KEPT_BYTES) {
            MemorySegment.copy(sockaddr, 0, raw, 0, length);
            rawLength = length;
            decoded = sender;
        }
        return sender;
    }
}
