package org.udpkit.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

import org.udpkit.client.BackoffPolicy;
import org.udpkit.client.Reply;
import org.udpkit.client.ServerDownException;
import org.udpkit.client.UdpClient;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** udp_local.py: a server and a client on this machine's loopback address. */
@Command(name = "local", description = "Send and receive UDP locally (udp_local.py).",
        mixinStandardHelpOptions = true, subcommands = {LocalCommand.Server.class, LocalCommand.Client.class})
final class LocalCommand extends RoleCommand {
    /** Python's str(datetime.now()). */
    static final DateTimeFormatter PYTHON_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "Answer every datagram with 'Your data was N bytes long'.")
    static final class Server implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        PortOption port;
        @Mixin
        ServerFlags flags;
        @Option(names = {"-6", "--ipv6"}, description = "use ::1 instead of 127.0.0.1")
        boolean ipv6;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            InetSocketAddress bind = new InetSocketAddress(Endpoints.loopback(ipv6), port.port);
            return flags.serve(bind, counters -> flags.narrate(new LengthProtocol(), "says", out, counters),
                    ServerOptions.defaults(), out, BookLines::listeningAt);
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "Send the time to the local server and print its reply.")
    static final class Client implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        PortOption port;
        @Mixin
        ClientFlags flags;
        @Option(names = {"-6", "--ipv6"}, description = "use ::1 instead of 127.0.0.1")
        boolean ipv6;
        @Option(names = "--timeout", paramLabel = "SECONDS",
                description = "give up after this long; 0, the default, waits for ever as the book's client does")
        double timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            if (timeoutSeconds < 0) {
                throw new UsageException("--timeout must not be negative");
            }
            PrintWriter out = spec.commandLine().getOut();
            String text = flags.message != null ? flags.message
                    : "The time is " + LocalDateTime.now().format(PYTHON_DATETIME);
            InetSocketAddress server = new InetSocketAddress(Endpoints.loopback(ipv6), port.port);
            try (UdpClient client = flags.open(server, out)) {
                client.send(text.getBytes(StandardCharsets.UTF_8));
                out.println(BookLines.osAssigned(client.localAddress()));
                Reply reply = client.receive(BackoffPolicy.toDuration(timeoutSeconds))
                        .orElseThrow(() -> new ServerDownException(
                                "no reply within " + timeoutSeconds + " seconds: I think the server is down"));
                out.println(BookLines.serverReplied(reply));
                return ExitCodes.OK;
            }
        }
    }

    private LocalCommand() {
    }
}
