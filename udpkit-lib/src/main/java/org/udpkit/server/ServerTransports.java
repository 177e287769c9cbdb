package org.udpkit.server;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.udpkit.linux.Linux;

/** Picks and opens the transport a {@link ServerOptions} asks for. */
final class ServerTransports {
    private static final System.Logger LOG = System.getLogger(ServerTransports.class.getName());

    private ServerTransports() {
    }

    /** @throws UnsupportedOperationException when {@link TransportKind#LINUX_BATCHED} is asked for where it cannot run */
    static ServerTransport open(InetSocketAddress bind, ServerOptions options) throws IOException {
        return switch (options.transport()) {
            case JDK -> ChannelTransport.bind(bind, options);
            case LINUX_BATCHED -> {
                Linux.ensureAvailable();
                yield BatchedLinuxTransport.bind(bind, options);
            }
            case AUTO -> openBatchedOrFallBack(bind, options);
        };
    }

    /**
     * The batched transport on Linux, else the JDK one: also when native access is refused (the JVM was
     * started with {@code --illegal-native-access=deny} and without {@code --enable-native-access}, so
     * linking the C library's functions fails as {@link Linux} initializes). A bind failure is not a
     * reason to fall back: the JDK transport would fail the same way.
     */
    private static ServerTransport openBatchedOrFallBack(InetSocketAddress bind, ServerOptions options)
            throws IOException {
        try {
            Linux.ensureAvailable();
            return BatchedLinuxTransport.bind(bind, options);
        } catch (IllegalCallerException | UnsupportedOperationException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "batched transport unavailable, using the JDK channel", e);
        }
        return ChannelTransport.bind(bind, options);
    }
}
