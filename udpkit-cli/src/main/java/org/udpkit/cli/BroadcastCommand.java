package org.udpkit.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.udpkit.book.BookLines;
import org.udpkit.client.UdpClient;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.QuotedText;
import org.udpkit.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** udp_broadcast.py: a client that broadcasts, a server that prints every datagram it hears. */
@Command(name = "broadcast", description = "Send, receive UDP broadcast (udp_broadcast.py).",
        subcommands = {BroadcastCommand.Server.class, BroadcastCommand.Client.class})
final class BroadcastCommand extends RoleCommand {
    @Command(name = "server", description = "Print every datagram heard; answer none.")
    static final class Server extends UdpkitCommand {
        @Parameters(index = "0", paramLabel = "INTERFACE",
                description = "address to listen at: empty for every interface, or a broadcast address such as 127.255.255.255")
        String bindHost;
        @Mixin
        PortOption port;
        @Mixin
        ServerFlags flags;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = out();
            InetSocketAddress bind = Addresses.of(bindHost, port.port);
            ServerOptions options = ServerOptions.defaults().withReuseAddress(true).withBroadcast(true);
            return flags.serve(bind,
                    (lines, counters) -> flags.narrate(DatagramHandler.NO_REPLY, BookLines.Voice.BROADCAST_LISTENER, lines),
                    options, out, err(), BookLines::listeningForDatagramsAt);
        }
    }

    @Command(name = "client", description = "Broadcast 'Broadcast datagram!' once.")
    static final class Client extends UdpkitCommand {
        @Parameters(index = "0", paramLabel = "NETWORK",
                description = "broadcast address to send to, e.g. 127.255.255.255 or 192.168.1.255")
        String network;
        @Mixin
        PortOption port;

        @Override
        public Integer call() throws Exception {
            InetSocketAddress target = Addresses.destination(network, port.port);
            try (UdpClient client = UdpClient.unconnected(target)) {
                client.enableBroadcast();
                client.send(BookLines.BROADCAST_DATAGRAM.getBytes(StandardCharsets.US_ASCII));
                // udp_broadcast.py's client prints nothing: what udpkit adds goes to stderr.
                err().println("Sent " + QuotedText.of(BookLines.BROADCAST_DATAGRAM) + " to " + Endpoints.format(target));
            }
            return ExitCodes.OK;
        }
    }

    private BroadcastCommand() {
    }
}
