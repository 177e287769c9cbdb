package org.udpkit.linux;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * What a server lets through around its handler, asked once before and once after it for each datagram
 * of a batch: the server's loop guards, reply limits and injected faults ({@code org.udpkit.server}), kept
 * out of {@link DatagramBatch} so that a batch stays a batch. Must not allocate when no fault is injected,
 * and must not throw.
 */
public interface ReplyGate {
    /** Lets everything through: a batch driven without a server (benchmarks). */
    ReplyGate OPEN = new ReplyGate() {
        @Override
        public boolean admitRequest(MemorySegment sender, ByteBuffer request) {
            return true;
        }

        @Override
        public boolean admitReply(ByteBuffer reply, boolean sourceProven) {
            return true;
        }
    };

    /**
     * Whether the datagram {@code request} (position to limit), which came from the sockaddr {@code sender},
     * may go to the handler at all; when not, the gate has counted why.
     */
    boolean admitRequest(MemorySegment sender, ByteBuffer request);

    /**
     * Whether the reply the handler wrote for the datagram last admitted, {@code reply}'s bytes from 0 to its
     * position, goes out in this batch; when not, the gate has counted why (it may also send it later).
     */
    boolean admitReply(ByteBuffer reply, boolean sourceProven);
}
