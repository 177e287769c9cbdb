package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.udpkit.book.BookLines;
import org.udpkit.net.AddressText;
import org.udpkit.net.Endpoints;
import org.udpkit.net.MulticastSender;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.QuotedText;
import org.udpkit.server.MulticastGroup;
import org.udpkit.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The broadcast programs done with multicast, which crosses no more than it is allowed to, needs no
 * broadcast address, and is IPv6's only way to reach many hosts at once: a server that joins a group and
 * prints what it hears, a client that sends to the group.
 */
@Command(name = "multicast", description = "Send, receive UDP multicast, IPv4 or IPv6 (what IPv6 has instead of broadcast).",
        subcommands = {MulticastCommand.Server.class, MulticastCommand.Client.class})
final class MulticastCommand extends RoleCommand {
    /** What the client sends unless told otherwise, in the manner of udp_broadcast.py's datagram. */
    static final String MULTICAST_DATAGRAM = "Multicast datagram!";

    /** What both roles name: the group (which must be a multicast address), its port, and an interface. */
    static final class GroupOptions {
        @Parameters(index = "0", paramLabel = "GROUP", description = "multicast group, e.g. 239.1.2.3 or ff02::1")
        String groupText;
        @Mixin
        PortOption port;
        @Option(names = "--interface", paramLabel = "IF",
                description = "interface to join on or send by, e.g. eth0 or lo (server default: the first that is up,"
                        + " takes multicast and is not loopback; client default: as the routing table says)")
        String interfaceName;

        InetAddress group() {
            InetAddress group = Addresses.host(groupText);
            if (!group.isMulticastAddress()) {
                throw new UsageException(AddressText.of(group) + " is not a multicast group:"
                        + " use 224.0.0.0 to 239.255.255.255 (e.g. 239.1.2.3) or ff00::/8 (e.g. ff02::1)");
            }
            return group;
        }

        Optional<NetworkInterface> networkInterface() throws IOException {
            if (interfaceName == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(MulticastSender.interfaceNamed(interfaceName));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage() + " (see 'udpkit interfaces')");
            }
        }
    }

    @Command(name = "server", description = "Join GROUP and print every datagram heard; answer none.")
    static final class Server extends UdpkitCommand {
        @Mixin
        GroupOptions target;
        @Mixin
        ServerFlags flags;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = out();
            InetAddress group = target.group();
            NetworkInterface joinOn = target.networkInterface()
                    .orElse(MulticastSender.defaultInterface(Endpoints.familyOf(group)));
            MulticastGroup membership = new MulticastGroup(group, joinOn);
            // Every address of the group's family, as a multicast listener binds: SO_REUSEADDR lets several share the port.
            InetSocketAddress bind = new InetSocketAddress(Endpoints.anyLocal(Endpoints.familyOf(group)), target.port.port);
            ServerOptions options = ServerOptions.defaults().withReuseAddress(true).withMulticastGroup(membership);
            return flags.serve(bind,
                    (lines, counters) -> flags.narrate(DatagramHandler.NO_REPLY, BookLines.Voice.BROADCAST_LISTENER, lines),
                    options, out, err(), BookLines::listeningForDatagramsAt, "Joined multicast group " + membership);
        }
    }

    @Command(name = "client", description = "Send 'Multicast datagram!' to GROUP once.")
    static final class Client extends UdpkitCommand {
        @Mixin
        GroupOptions target;
        @Option(names = "--ttl", paramLabel = "N",
                description = "routers the datagram may cross, 0 (this host only) to 255 (default ${DEFAULT-VALUE}: this network only)")
        int ttl = MulticastSender.DEFAULT_TTL;
        @Option(names = "--loop", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "whether members on this host hear it too (IP_MULTICAST_LOOP; default on, --no-loop turns it off)")
        boolean loop;
        @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "what to send (default '" + MULTICAST_DATAGRAM + "')")
        String message = MULTICAST_DATAGRAM;

        @Override
        public Integer call() throws Exception {
            if (ttl < 0 || ttl > MulticastSender.MAX_TTL) {
                throw new UsageException("--ttl must be 0 to " + MulticastSender.MAX_TTL + ", not " + ttl);
            }
            InetSocketAddress group = Addresses.destination(target.group(), target.port.port);
            Optional<NetworkInterface> via = target.networkInterface();
            try (MulticastSender sender = MulticastSender.open(group, ttl, via,
                    loop ? MulticastSender.Loopback.DELIVER_LOCALLY : MulticastSender.Loopback.NOT_LOCALLY)) {
                sender.send(message.getBytes(StandardCharsets.UTF_8));
                err().println("Sent " + QuotedText.of(message) + " to " + Endpoints.format(group) + " (TTL " + ttl
                        + via.map(i -> ", by " + i.getName()).orElse("") + (loop ? "" : ", not looped back") + ")");
            }
            return ExitCodes.OK;
        }
    }

    private MulticastCommand() {
    }
}
