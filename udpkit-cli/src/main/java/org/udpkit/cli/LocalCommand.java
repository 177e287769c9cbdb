package org.udpkit.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.udpkit.book.BookLines;
import org.udpkit.client.Reply;
import org.udpkit.client.ServerDownException;
import org.udpkit.client.UdpClient;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.protocol.SharedKey;
import org.udpkit.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** udp_local.py: a server and a client on this machine's loopback address. */
@Command(name = "local", description = "Send and receive UDP locally (udp_local.py).",
        subcommands = {LocalCommand.Server.class, LocalCommand.Client.class})
final class LocalCommand extends RoleCommand {
    @Command(name = "server", description = "Answer every datagram with 'Your data was N bytes long'.")
    static final class Server extends UdpkitCommand {
        @Mixin
        PortOption port;
        @Mixin
        FamilyOption family;
        @Mixin
        ServerFlags flags;
        @Mixin
        ProtocolOption protocol;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = out();
            Optional<SharedKey> key = protocol.key();
            InetSocketAddress bind = new InetSocketAddress(Endpoints.loopback(family.family()), port.port);
            return flags.serve(bind,
                    (lines, counters) -> protocol.wrap(
                            flags.narrate(new LengthProtocol(), BookLines.Voice.ANSWERING, lines), key, counters),
                    ServerOptions.defaults(), out, err(), BookLines::listeningAt, protocol.notes(key));
        }
    }

    @Command(name = "client", description = "Send the time to the local server and print its reply.")
    static final class Client extends UdpkitCommand {
        @Mixin
        PortOption port;
        @Mixin
        FamilyOption family;
        @Mixin
        ClientFlags flags;
        @Option(names = "--timeout", paramLabel = "SECONDS", converter = SecondsConverter.OrZero.class, defaultValue = "0",
                description = "give up after this long, up to a day; 0, the default, waits for ever as the book's client does")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = out();
            String text = flags.message != null ? flags.message : BookLines.timeIs(LocalDateTime.now());
            InetSocketAddress server = Addresses.destination(Endpoints.loopback(family.family()), port.port);
            try (UdpClient client = flags.open(server, err())) {
                byte[] request = text.getBytes(StandardCharsets.UTF_8);
                client.send(request);
                out.println(BookLines.osAssigned(client.localAddress()));
                Predicate<Reply> isAnswer = UdpClient.bookReplyTo(request);
                Consumer<Reply> ignored = flags.ignoring(err());
                // The book's client waits for ever; --timeout bounds the wait.
                Reply reply = timeout.isZero() ? client.receive(isAnswer, ignored)
                        : client.receive(timeout, isAnswer, ignored).orElseThrow(() -> new ServerDownException(
                                ServerDownException.Reason.NO_REPLY, "no reply within " + SecondsConverter.seconds(timeout) + " seconds"));
                out.println(BookLines.serverReplied(reply));
                return ExitCodes.OK;
            }
        }
    }

    private LocalCommand() {
    }
}
