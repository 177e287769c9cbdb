package org.udpkit.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import org.udpkit.client.UdpClient;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.net.Endpoints;
import org.udpkit.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** udp_broadcast.py: a client that broadcasts, a server that prints every datagram it hears. */
@Command(name = "broadcast", description = "Send, receive UDP broadcast (udp_broadcast.py).",
        mixinStandardHelpOptions = true, subcommands = {BroadcastCommand.Server.class, BroadcastCommand.Client.class})
final class BroadcastCommand extends RoleCommand {
    static final String TEXT = "Broadcast datagram!";

    @Command(name = "server", mixinStandardHelpOptions = true, description = "Print every datagram heard; answer none.")
    static final class Server implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "INTERFACE",
                description = "address to listen at: empty for every interface, or a broadcast address such as 127.255.255.255")
        String bindHost;
        @Mixin
        PortOption port;
        @Mixin
        ServerFlags flags;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            InetSocketAddress bind = Addresses.of(bindHost, port.port);
            ServerOptions options = ServerOptions.defaults().withReuseAddress(true).withBroadcast(true);
            return flags.serve(bind, counters -> flags.narrate(DatagramHandler.NO_REPLY, "says:", out, counters), options,
                    out, address -> "Listening for datagrams at " + Endpoints.format(address));
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true, description = "Broadcast 'Broadcast datagram!' once.")
    static final class Client implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NETWORK",
                description = "broadcast address to send to, e.g. 127.255.255.255 or 192.168.1.255")
        String network;
        @Mixin
        PortOption port;

        @Override
        public Integer call() throws Exception {
            InetSocketAddress target = Addresses.of(network, port.port);
            try (UdpClient client = UdpClient.open(target, false, null)) {
                client.enableBroadcast();
                client.send(TEXT.getBytes(StandardCharsets.US_ASCII));
                spec.commandLine().getOut().println("Sent " + org.udpkit.protocol.QuotedText.of(TEXT) + " to " + Endpoints.format(target));
            }
            return ExitCodes.OK;
        }
    }

    private BroadcastCommand() {
    }
}
