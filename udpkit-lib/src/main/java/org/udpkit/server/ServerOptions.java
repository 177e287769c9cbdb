package org.udpkit.server;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a server's socket is set up.
 *
 * @param reuseAddress       SO_REUSEADDR, as the book's broadcast server sets it
 * @param reusePort          SO_REUSEPORT, for several workers on one port
 * @param broadcast          SO_BROADCAST
 * @param receiveBufferBytes SO_RCVBUF to ask for; empty keeps the system's default
 * @param transport          which transport to use
 * @param workers            sockets bound to the same address with SO_REUSEPORT, one thread each; the
 *                           kernel spreads datagrams among them by the sender's address and port
 * @param replySource        which address a wildcard-bound server answers from
 * @param multicastGroup     a group every worker's socket joins; empty joins none
 * @param limits             the amplification cap, the reply budgets and the reflector ports (the other loop
 *                           guards are always on)
 * @param replyFaults        faults injected into the replies, for testing clients; empty for none
 * @param requestFaults      faults injected into the requests before the handler sees them (a duplicated
 *                           request is handled twice); empty for none
 */
public record ServerOptions(boolean reuseAddress, boolean reusePort, boolean broadcast, OptionalInt receiveBufferBytes,
                            TransportKind transport, int workers, ReplySource replySource,
                            Optional<MulticastGroup> multicastGroup, ReplyLimits limits, Optional<Faults> replyFaults,
                            Optional<Faults> requestFaults) {

    public ServerOptions {
        Objects.requireNonNull(receiveBufferBytes, "receiveBufferBytes");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(replySource, "replySource");
        Objects.requireNonNull(multicastGroup, "multicastGroup");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(replyFaults, "replyFaults");
        Objects.requireNonNull(requestFaults, "requestFaults");
        if (receiveBufferBytes.isPresent() && receiveBufferBytes.getAsInt() < 1) {
            throw new IllegalArgumentException("a receive buffer needs at least one byte, not " + receiveBufferBytes.getAsInt());
        }
        if (workers < 1) {
            throw new IllegalArgumentException("a server needs at least one worker, not " + workers);
        }
    }

    /** The socket's options alone: replies from the request's destination, no group, default limits, no faults. */
    public ServerOptions(boolean reuseAddress, boolean reusePort, boolean broadcast, OptionalInt receiveBufferBytes,
                         TransportKind transport, int workers) {
        this(reuseAddress, reusePort, broadcast, receiveBufferBytes, transport, workers, ReplySource.AUTO,
                Optional.empty(), ReplyLimits.defaults(), Optional.empty(), Optional.empty());
    }

    public static ServerOptions defaults() {
        return new ServerOptions(false, false, false, OptionalInt.empty(), TransportKind.AUTO, 1);
    }

    /** One worker per available core. */
    public static int workersPerCore() {
        return Runtime.getRuntime().availableProcessors();
    }

    public ServerOptions withReuseAddress(boolean value) {
        return new ServerOptions(value, reusePort, broadcast, receiveBufferBytes, transport, workers, replySource,
                multicastGroup, limits, replyFaults, requestFaults);
    }

    public ServerOptions withReusePort(boolean value) {
        return new ServerOptions(reuseAddress, value, broadcast, receiveBufferBytes, transport, workers, replySource,
                multicastGroup, limits, replyFaults, requestFaults);
    }

    public ServerOptions withBroadcast(boolean value) {
        return new ServerOptions(reuseAddress, reusePort, value, receiveBufferBytes, transport, workers, replySource,
                multicastGroup, limits, replyFaults, requestFaults);
    }

    public ServerOptions withReceiveBufferBytes(int value) {
        return new ServerOptions(reuseAddress, reusePort, broadcast, OptionalInt.of(value), transport, workers,
                replySource, multicastGroup, limits, replyFaults, requestFaults);
    }

    public ServerOptions withTransport(TransportKind value) {
        return new ServerOptions(reuseAddress, reusePort, broadcast, receiveBufferBytes, value, workers, replySource,
                multicastGroup, limits, replyFaults, requestFaults);
    }

    /** {@code value} workers; more than one turns SO_REUSEPORT on, which they need to share the port. */
    public ServerOptions withWorkers(int value) {
        return new ServerOptions(reuseAddress, reusePort || value > 1, broadcast, receiveBufferBytes, transport, value,
                replySource, multicastGroup, limits, replyFaults, requestFaults);
    }

    /** Which address a wildcard-bound server answers from (default {@link ReplySource#AUTO}). */
    public ServerOptions withReplySource(ReplySource value) {
        return new ServerOptions(reuseAddress, reusePort, broadcast, receiveBufferBytes, transport, workers, value,
                multicastGroup, limits, replyFaults, requestFaults);
    }

    /** Joins {@code value} on every worker's socket once bound. */
    public ServerOptions withMulticastGroup(MulticastGroup value) {
        return new ServerOptions(reuseAddress, reusePort, broadcast, receiveBufferBytes, transport, workers, replySource,
                Optional.of(value), limits, replyFaults, requestFaults);
    }

    public ServerOptions withLimits(ReplyLimits value) {
        return new ServerOptions(reuseAddress, reusePort, broadcast, receiveBufferBytes, transport, workers, replySource,
                multicastGroup, value, replyFaults, requestFaults);
    }

    /** Injects {@code value} into the replies; a value with no fault ({@link Faults#any()} false) is none. */
    public ServerOptions withReplyFaults(Faults value) {
        return new ServerOptions(reuseAddress, reusePort, broadcast, receiveBufferBytes, transport, workers, replySource,
                multicastGroup, limits, value.any() ? Optional.of(value) : Optional.empty(), requestFaults);
    }

    /**
     * Injects {@code value} into the requests, before the loop guards and the handler: a delayed, duplicated or
     * reordered request is handed to the handler later (or again) on the worker's own thread. A value with no
     * fault is none.
     */
    public ServerOptions withRequestFaults(Faults value) {
        return new ServerOptions(reuseAddress, reusePort, broadcast, receiveBufferBytes, transport, workers, replySource,
                multicastGroup, limits, replyFaults, value.any() ? Optional.of(value) : Optional.empty());
    }
}
