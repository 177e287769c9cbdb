package org.udpkit.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.udpkit.book.BookLines;
import org.udpkit.book.LossyHandler;
import org.udpkit.client.BackoffPolicy;
import org.udpkit.client.Reply;
import org.udpkit.client.UdpClient;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.protocol.SharedKey;
import org.udpkit.server.ServerOptions;
import org.udpkit.server.UdpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** udp_remote.py: a server that pretends to lose requests, and a client that retransmits with backoff. */
@Command(name = "remote", description = "Send and receive UDP, pretending packets are often dropped (udp_remote.py).",
        subcommands = {RemoteCommand.Server.class, RemoteCommand.Client.class})
final class RemoteCommand extends RoleCommand {
    @Command(name = "server", description = "Answer datagrams, but drop a fraction of them on purpose.")
    static final class Server extends UdpkitCommand {
        @Mixin
        ListenAddress listen;
        @Mixin
        ServerFlags flags;
        @Option(names = "--drop", paramLabel = "P", converter = FractionConverter.class, defaultValue = "0.5",
                description = "fraction of requests to drop, 0 to 1 or 0%% to 100%% (default ${DEFAULT-VALUE})")
        double drop;
        @Option(names = "--seed", paramLabel = "N", description = "random seed, to repeat a run's drops and faults (default: a new one, printed)")
        Long seed;
        @Mixin
        ProtocolOption protocol;
        @Mixin
        ReplyFaultFlags faults;
        @Mixin
        RequestFaultFlags requestFaults;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = out();
            long actualSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
            try {
                LossyHandler.checkProbability(drop);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--drop: " + e.getMessage());
            }
            Optional<SharedKey> key = protocol.key();
            // One handler per worker, each with its own counts and its own seeded sequence of drops.
            BatchPrinter.HandlerFactory lossy = (lines, counters) -> protocol.wrap(new LossyHandler(
                    flags.narrate(new LengthProtocol(), BookLines.Voice.ANSWERING, lines), drop, actualSeed,
                    flags.bookLines(lines), counters), key, counters);
            InetSocketAddress bind = listen.address();
            List<String> notes = new ArrayList<>(List.of(protocol.notes(key)));
            notes.add("Dropping about " + Math.round(drop * 100) + "% of requests (--seed " + actualSeed + " repeats this run)");
            if (requestFaults.settings().any()) {
                notes.add(requestFaults.settings().describe("Requests"));
            }
            if (faults.settings().any()) {
                notes.add(faults.settings().describe("Replies"));
            }
            ServerOptions options = requestFaults.applyTo(faults.applyTo(ServerOptions.defaults(), actualSeed), actualSeed);
            return flags.serve(bind, lossy, options, out, err(), BookLines::listeningAt, notes.toArray(String[]::new));
        }
    }

    @Command(name = "client", description = "Send a request, retransmitting with exponential backoff until a reply comes.")
    static final class Client extends UdpkitCommand {
        @Parameters(index = "0", paramLabel = "HOST", description = "host the client sends to")
        String host;
        @Mixin
        PortOption port;
        @Mixin
        ClientFlags flags;
        /** The book's first wait and give-up time ({@link BackoffPolicy#book()}), as typed. */
        @Option(names = "--timeout", paramLabel = "SECONDS", converter = SecondsConverter.Positive.class, defaultValue = "0.1",
                description = "the first wait, up to a day (default ${DEFAULT-VALUE})")
        Duration timeout;
        @Option(names = "--give-up", paramLabel = "SECONDS", converter = SecondsConverter.Positive.class, defaultValue = "2.0",
                description = "stop when the next wait would be longer than this, up to a day (default ${DEFAULT-VALUE})")
        Duration giveUp;

        @Override
        public Integer call() throws Exception {
            BackoffPolicy policy;
            try {
                policy = new BackoffPolicy(SecondsConverter.seconds(timeout), 2.0, SecondsConverter.seconds(giveUp));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            PrintWriter out = out();
            InetSocketAddress server = Addresses.destination(host, port.port);
            String text = flags.message != null ? flags.message : BookLines.ANOTHER_MESSAGE;
            try (UdpClient client = flags.open(server, err())) {
                out.println(BookLines.clientSocketName(client.localAddress()));
                byte[] request = text.getBytes(StandardCharsets.UTF_8);
                Reply reply = client.request(request, policy, wait -> out.println(BookLines.waitingUpTo(wait)),
                        UdpClient.bookReplyTo(request), flags.ignoring(err()));
                out.println(BookLines.serverSays(reply));
                if (!client.isConnected()) {
                    // The book's line does not say who answered; an unconnected client cannot know it was the server.
                    err().println("(the reply came from " + Endpoints.format(reply.from()) + ")");
                }
                return ExitCodes.OK;
            }
        }
    }

    private RemoteCommand() {
    }
}
