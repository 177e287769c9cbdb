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
 */
public record ServerOptions(boolean reuseAddress, boolean reusePort, boolean broadcast, OptionalInt receiveBufferBytes,
                            TransportKind transport, int workers,
                            ReplySource replySource, Optional<MulticastGroup> multicastGroup) {

    public ServerOptions {
        Objects.requireNonNull(receiveBufferBytes, "receiveBufferBytes");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(replySource, "replySource");
        Objects.requireNonNull(multicastGroup, "multicastGroup");
        if (receiveBufferBytes.isPresent() && receiveBufferBytes.getAsInt() < 1) {
            throw new IllegalArgumentException("a receive buffer needs at least one byte, not " + receiveBufferBytes.getAsInt());
        }
        if (workers < 1) {
            throw new IllegalArgumentException("a server needs at least one worker, not " + workers);
        }
    }

    public static ServerOptions defaults() {
        return new ServerOptions(false, false, false, OptionalInt.empty(), TransportKind.AUTO, 1,
                ReplySource.AUTO, Optional.empty());
    }

    /** One worker per available core. */
    public static int workersPerCore() {
        return Runtime.getRuntime().availableProcessors();
    }

    public ServerOptions withReuseAddress(boolean value) {
        return new ServerOptions(value, reusePort, broadcast, receiveBufferBytes, transport, workers, replySource, multicastGroup);
    }

    public ServerOptions withReusePort(boolean value) {
        return new ServerOptions(reuseAddress, value, broadcast, receiveBufferBytes, transport, workers, replySource, multicastGroup);
    }

    public ServerOptions withBroadcast(boolean value) {
        return new ServerOptions(reuseAddress, reusePort, value, receiveBufferBytes, transport, workers, replySource, multicastGroup);
    }

    public ServerOptions withReceiveBufferBytes(int value) {
        return new ServerOptions(reuseAddress, reusePort, broadcast, OptionalInt.of(value), transport, workers, replySource, multicastGroup);
    }

    public ServerOptions withTransport(TransportKind value) {
        return new ServerOptions(reuseAddress, reusePort, broadcast, receiveBufferBytes, value, workers, replySource, multicastGroup);
    }

    /** {@code value} workers; more than one turns SO_REUSEPORT on, which they need to share the port. */
    public ServerOptions withWorkers(int value) {
        return new ServerOptions(reuseAddress, reusePort || value > 1, broadcast, receiveBufferBytes, transport, value, replySource, multicastGroup);
    }

    /** Which address a wildcard-bound server answers from (default {@link ReplySource#AUTO}). */
    public ServerOptions withReplySource(ReplySource value) {
        return new ServerOptions(reuseAddress, reusePort, broadcast, receiveBufferBytes, transport, workers, value, multicastGroup);
    }

    /** Joins {@code value} on every worker's socket once bound. */
    public ServerOptions withMulticastGroup(MulticastGroup value) {
        return new ServerOptions(reuseAddress, reusePort, broadcast, receiveBufferBytes, transport, workers, replySource,
                Optional.of(value));
    }
}
