package org.udpkit.perf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;

/**
 * Where a {@link PerfServer}'s datagrams come from and its answers go: {@code recvmmsg} batches
 * ({@link BatchedReceiveSocket}) or a JDK channel, one datagram at a time ({@link ChannelReceiveSocket}). The
 * server's logic, counting data and answering control, is the same over both.
 */
sealed interface ReceiveSocket permits BatchedReceiveSocket, ChannelReceiveSocket {
    /** As much as the C yardstick's sink asks for. */
    int RECEIVE_BUFFER_BYTES = 8 << 20;
    /** Room for the largest UDP payload, so that nothing is cut short. */
    int SLOT_BYTES = 65_536;
    /** How often a receive wakes to see whether the server was closed and to end intervals. */
    Duration WAKE_EVERY = Duration.ofMillis(100);

    /**
     * Waits up to {@link #WAKE_EVERY} for datagrams; returns how many arrived (datagrams 0 .. n-1), 0 when none
     * did, or -1 once {@link #shutdown} was called.
     */
    int receive() throws IOException;

    /** Datagram {@code index} of the last receive, its first {@link #length} bytes valid. */
    MemorySegment datagram(int index);

    int length(int index);

    /** Who sent datagram {@code index}: allocates, so for control datagrams only. */
    InetSocketAddress sender(int index);

    /** Sends {@code message} to the sender of datagram {@code index}. */
    void answer(int index, byte[] message) throws IOException;

    InetSocketAddress localAddress() throws IOException;

    StandardProtocolFamily family();

    /** Makes a blocked or later {@link #receive} return -1; safe from any thread. */
    void shutdown();

    /** Releases the socket and its memory; on the receiving thread, after the last receive. Idempotent. */
    void close();
}
