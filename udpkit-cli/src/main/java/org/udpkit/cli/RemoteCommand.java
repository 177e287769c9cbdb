package org.udpkit.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import org.udpkit.book.BookLines;
import org.udpkit.book.LossyHandler;
import org.udpkit.client.BackoffPolicy;
import org.udpkit.client.Reply;
import org.udpkit.client.UdpClient;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.LengthProtocol;
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
        @Option(names = "--drop", paramLabel = "P", description = "fraction of requests to drop (default ${DEFAULT-VALUE})")
        double drop = 0.5;
        @Option(names = "--seed", paramLabel = "N", description = "random seed, to repeat a run's drops and faults (default: a new one, printed)")
        Long seed;
        @Mixin
        ReplyFaultFlags faults;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = out();
            long actualSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
            try {
                LossyHandler.checkProbability(drop);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--drop: " + e.getMessage());
            }
            // One handler per worker, each with its own counts and its own seeded sequence of drops.
            BatchPrinter.HandlerFactory lossy = (lines, counters) -> new LossyHandler(
                    flags.narrate(new LengthProtocol(), BookLines.Voice.ANSWERING, lines, counters), drop, actualSeed,
                    flags.bookLines(lines), counters);
            InetSocketAddress bind = listen.address();
            String dropping = "Dropping about " + Math.round(drop * 100) + "% of requests (--seed " + actualSeed
                    + " repeats this run)";
            ServerOptions options = faults.applyTo(ServerOptions.defaults(), actualSeed);
            return flags.serve(bind, lossy, options, out, err(), BookLines::listeningAt,
                    faults.any() ? new String[] {dropping, faults.describe()} : new String[] {dropping});
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
        @Option(names = "--timeout", paramLabel = "SECONDS", description = "the first wait (default ${DEFAULT-VALUE})")
        double timeout = BackoffPolicy.book().initialSeconds();
        @Option(names = "--give-up", paramLabel = "SECONDS",
                description = "stop when the next wait would be longer than this (default ${DEFAULT-VALUE})")
        double giveUp = BackoffPolicy.book().giveUpAfterSeconds();

        @Override
        public Integer call() throws Exception {
            BackoffPolicy policy;
            try {
                policy = new BackoffPolicy(timeout, 2.0, giveUp);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            PrintWriter out = out();
            InetSocketAddress server = Addresses.destination(host, port.port);
            String text = flags.message != null ? flags.message : BookLines.ANOTHER_MESSAGE;
            try (UdpClient client = flags.open(server, err())) {
                out.println(BookLines.clientSocketName(client.localAddress()));
                Reply reply = client.request(text.getBytes(StandardCharsets.UTF_8), policy,
                        wait -> out.println(BookLines.waitingUpTo(wait)));
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
