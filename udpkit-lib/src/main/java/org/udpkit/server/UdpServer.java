package org.udpkit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;

import org.udpkit.protocol.DatagramHandler;

/**
 * A UDP server: a bound transport, a handler, and counters. {@link #open} binds at once (so a port in
 * use fails here, with the address in the message); {@link #run} serves until {@link #close}.
 *
 * <pre>{@code
 * try (UdpServer server = UdpServer.open(new InetSocketAddress("127.0.0.1", 1060), new LengthProtocol())) {
 *     server.start();
 *     ...
 * }
 * }</pre>
 */
public final class UdpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UdpServer.class.getName());

    private final ServerTransport transport;
    private final DatagramHandler handler;
    private final ServerCounters counters;
    private volatile Thread thread;

    private UdpServer(ServerTransport transport, DatagramHandler handler, ServerCounters counters) {
        this.transport = transport;
        this.handler = handler;
        this.counters = counters;
    }

    public static UdpServer open(InetSocketAddress bind, DatagramHandler handler) throws IOException {
        return open(bind, handler, ServerOptions.defaults(), new ServerCounters());
    }

    /** Binds {@code bind} with {@code options}; {@code counters} may be shared with the handler's decorators. */
    public static UdpServer open(InetSocketAddress bind, DatagramHandler handler, ServerOptions options,
                                 ServerCounters counters) throws IOException {
        Objects.requireNonNull(handler, "handler");
        ServerTransport transport = ServerTransports.open(bind, options);
        LOG.log(System.Logger.Level.DEBUG, "serving on {0}", transport);
        return new UdpServer(transport, handler, counters);
    }

    public InetSocketAddress localAddress() {
        return transport.localAddress();
    }

    /** The transport in use, e.g. {@code jdk-channel}. */
    public String transportName() {
        return transport.name();
    }

    public ServerCounters counters() {
        return counters;
    }

    /** Serves on the calling thread until {@link #close()}. */
    public void run() throws IOException {
        transport.serve(handler, counters);
    }

    /** Serves on a new thread and returns at once. */
    public UdpServer start() {
        Thread t = Thread.ofPlatform().name("udpkit-server-" + localAddress().getPort()).daemon(true).unstarted(() -> {
            try {
                run();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "server at " + localAddress() + " stopped", e);
                throw new UncheckedIOException(e);
            }
        });
        thread = t;
        t.start();
        return this;
    }

    /** Stops serving and releases the socket; waits briefly for a {@link #start}ed thread. Idempotent. */
    @Override
    public void close() {
        transport.close();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
