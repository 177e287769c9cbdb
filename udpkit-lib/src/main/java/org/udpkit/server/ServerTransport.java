package org.udpkit.server;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.udpkit.protocol.DatagramHandler;

/**
 * The server's socket I/O: one bound socket and the loop that receives datagrams, hands each to the
 * handler and sends its reply. Implementations differ in how many system calls a datagram costs
 * (the JDK channel: two; a batched Linux transport: two per batch), never in what the handler sees.
 */
interface ServerTransport extends AutoCloseable {
    TransportKind kind();

    /** The address the socket is bound to, with the port the OS chose when 0 was asked. */
    InetSocketAddress localAddress();

    /**
     * Receives, handles and replies until {@link #close()} is called, then returns normally. A bad
     * datagram, a failed send or a throwing handler is counted and the loop goes on. {@code guard} is asked
     * before and after the handler for each datagram, and told when a batch's replies are out.
     *
     * @throws IOException only when the socket itself fails and serving cannot go on
     */
    void serve(DatagramHandler handler, WorkerCounters counters, ReplyGuard guard) throws IOException;

    /** Stops {@link #serve} and releases the socket. Idempotent; callable from any thread. */
    @Override
    void close();

    /** Tells {@code handler} that a batch ended; one that throws anyway is counted, as in {@link #serve}. */
    static void endBatch(DatagramHandler handler, WorkerCounters counters) {
        try {
            handler.batchEnded();
        } catch (RuntimeException e) {
            counters.increment(ServerCounter.HANDLER_FAILURES);
        }
    }
}
