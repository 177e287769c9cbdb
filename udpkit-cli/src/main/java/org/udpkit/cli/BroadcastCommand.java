package org.udpkit.cli;

import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
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
        @Mixin
        FamilyOption family;

        @Override
        public Integer call() throws Exception {
            refuseIpv6(family, bindHost);
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
        @Mixin
        FamilyOption family;

        @Override
        public Integer call() throws Exception {
            refuseIpv6(family, network);
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

    /** IPv6 has no broadcast (asked for with -6 or by an IPv6 address): say what it has instead. */
    private static void refuseIpv6(FamilyOption family, String address) {
        if (family.family() == StandardProtocolFamily.INET6 || Addresses.host(address) instanceof Inet6Address) {
            throw new UsageException("IPv6 has no broadcast; its multicast group ff02::1 reaches every host on the link:"
                    + " try 'udpkit multicast server ff02::1 --interface IF' and 'udpkit multicast client ff02::1 --interface IF'");
        }
    }

    private BroadcastCommand() {
    }
}
