package org.udpkit.server;

/**
 * The only counts a handler keeps: the decisions it makes (what every datagram is, the server counts itself). A server gives each worker's handlers one of
 * these (see {@link UdpServer#openPerWorker}),
 * and they call it on that worker's thread only; the transport counts everything else.
 */
public interface HandlerCounters {
    /** For handlers that count nothing, or a handler used outside a server. */
    HandlerCounters NONE = new HandlerCounters() {
        @Override
        public void countDropped() {
        }

        @Override
        public void countRejected(Rejection why) {
        }
    };

    /** A request the handler chose not to answer ({@link ServerCounter#DROPPED}). */
    void countDropped();

    /** A datagram the handler's protocol rejects unanswered, and why (one of the rejection counters). */
    void countRejected(Rejection why);
}
