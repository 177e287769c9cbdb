package org.udpkit.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;

import org.udpkit.net.Endpoints;

/**
 * How a server's socket is set up.
 *
 * @param reuseAddress       SO_REUSEADDR, as the book's broadcast server sets it
 * @param reusePort          SO_REUSEPORT, for several workers on one port
 * @param broadcast          SO_BROADCAST
 * @param receiveBufferBytes SO_RCVBUF to ask for; 0 keeps the system's default
 * @param transport          which transport to use
 * @param workers            sockets bound to the same address with SO_REUSEPORT, one thread each; the
 *                           kernel spreads datagrams among them by the sender's address and port
 */
public record ServerOptions(boolean reuseAddress, boolean reusePort, boolean broadcast, int receiveBufferBytes,
                            TransportKind transport, int workers) {

    public ServerOptions {
        if (workers < 1) {
            throw new IllegalArgumentException("a server needs at least one worker, not " + workers);
        }
    }

    /** The same as before workers existed: one worker. */
    public ServerOptions(boolean reuseAddress, boolean reusePort, boolean broadcast, int receiveBufferBytes,
                         TransportKind transport) {
        this(reuseAddress, reusePort, broadcast, receiveBufferBytes, transport, 1);
    }

    public static ServerOptions defaults() {
        return new ServerOptions(false, false, false, 0, TransportKind.AUTO, 1);
    }

    /** One worker per available core. */
    public static int workersPerCore() {
        return Runtime.getRuntime().availableProcessors();
    }

    public ServerOptions withReuseAddress(boolean value) {
        return new ServerOptions(value, reusePort, broadcast, receiveBufferBytes, transport, workers);
    }

    public ServerOptions withReusePort(boolean value) {
        return new ServerOptions(reuseAddress, value, broadcast, receiveBufferBytes, transport, workers);
    }

    public ServerOptions withBroadcast(boolean value) {
        return new ServerOptions(reuseAddress, reusePort, value, receiveBufferBytes, transport, workers);
    }

    public ServerOptions withReceiveBufferBytes(int value) {
        return new ServerOptions(reuseAddress, reusePort, broadcast, value, transport, workers);
    }

    public ServerOptions withTransport(TransportKind value) {
        return new ServerOptions(reuseAddress, reusePort, broadcast, receiveBufferBytes, value, workers);
    }

    /** {@code value} workers; more than one turns SO_REUSEPORT on, which they need to share the port. */
    public ServerOptions withWorkers(int value) {
        return new ServerOptions(reuseAddress, reusePort || value > 1, broadcast, receiveBufferBytes, transport, value);
    }

    /** A bind failure that says where, in words a user can act on ("port in use", "not an address of this machine"). */
    static IOException bindFailure(InetSocketAddress bind, Exception cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String lower = why.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("already in use")) {
            why = "the port is already in use";
        } else if (lower.contains("cannot assign requested address")) {
            why = "that address is not one of this machine's";
        } else if (lower.contains("permission denied")) {
            why = "permission denied (ports below 1024 need privileges)";
        }
        BindException failure = new BindException("cannot listen at " + Endpoints.format(bind) + ": " + why);
        failure.initCause(cause);
        return failure;
    }
}
