package org.udpkit.server;

import java.io.IOException;
import java.net.InetSocketAddress;

/** Picks and opens the transport a {@link ServerOptions} asks for. */
public final class ServerTransports {
    private ServerTransports() {
    }

    public static ServerTransport open(InetSocketAddress bind, ServerOptions options) throws IOException {
        return switch (options.transport()) {
            case AUTO, JDK -> ChannelTransport.bind(bind, options);
        };
    }
}
