package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.udpkit.book.BookLines;
import org.udpkit.book.LossyHandler;
import org.udpkit.book.NarratingHandler;
import org.udpkit.client.BackoffPolicy;
import org.udpkit.client.Reply;
import org.udpkit.client.ServerDownException;
import org.udpkit.client.UdpClient;
import org.udpkit.mtu.BigDatagramResult;
import org.udpkit.net.AssignedAddress;
import org.udpkit.net.LocalInterface;
import org.udpkit.net.LocalInterfaces;
import org.udpkit.options.OptionReading;
import org.udpkit.options.OptionSetting;
import org.udpkit.options.SocketOptionInspector;
import org.udpkit.services.PortRange;
import org.udpkit.services.ServiceTable;
import org.udpkit.mtu.PathMtuProbe;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.protocol.QuotedText;
import org.udpkit.protocol.IdHandler;
import org.udpkit.protocol.IdProtocol;
import org.udpkit.server.HandlerCounters;
import org.udpkit.server.ServerOptions;
import org.udpkit.server.UdpServer;

/**
 * The chapter, section by section, on loopback: each section starts real servers on ports the OS
 * chooses, runs the book's clients against them and says what happened. It takes a few seconds.
 */
final class Tour {
    private static final InetAddress LOCALHOST = Endpoints.loopback(StandardProtocolFamily.INET);
    /** How long the tour waits for anything that must happen on loopback before it calls it lost. */
    private static final Duration PATIENCE = Duration.ofSeconds(2);
    /** The book's 0.1 s start, but giving up sooner, so the tour stays short. */
    private static final BackoffPolicy QUICK_BACKOFF = new BackoffPolicy(0.05, 2.0, 0.4);
    /** Fixed so the tour shows the same drops every time: 2 drops, then an answer. */
    private static final long DROP_SEED = 7;

    private final PrintWriter out;
    private int section;

    Tour(PrintWriter out) {
        this.out = out;
    }

    int run() throws IOException, InterruptedException {
        out.println("udpkit tour: chapter 2 of Foundations of Python Network Programming, on loopback, with real sockets.");
        portNumbers();
        localClientAndServer();
        forgedReplies();
        lossAndBackoff();
        requestIds();
        bindingToInterfaces();
        bigDatagrams();
        socketOptions();
        broadcast();
        out.println();
        out.println("That was the chapter. Each section is a command: try 'udpkit --help'.");
        return ExitCodes.OK;
    }

    private void portNumbers() throws IOException {
        heading("Port numbers");
        ServiceTable services = ServiceTable.system();
        for (String name : new String[] {"domain", "ntp", "syslog"}) {
            services.byName(name, "udp").ifPresent(service -> say("getservbyname('" + name + "', 'udp') = " + service.port()
                    + "   (" + service.range().describe() + "; " + services.source() + ")"));
        }
        for (int port : new int[] {Endpoints.DEFAULT_PORT, 55000}) {
            say(port + " is a " + PortRange.of(port).describe() + ": "
                    + (PortRange.of(port) == PortRange.DYNAMIC ? "the OS hands these out to clients that do not bind"
                    : "the book's servers use 1060"));
        }
    }

    private void localClientAndServer() throws IOException {
        heading("A local client and server (udp_local.py)");
        try (UdpServer server = narratedServer(new LengthProtocol(), new InetSocketAddress(LOCALHOST, 0)).start();
             UdpClient client = UdpClient.connected(server.localAddress())) {
            say("server: " + BookLines.listeningAt(server.localAddress()));
            client.send(BookLines.timeIs(LocalDateTime.now()).getBytes(StandardCharsets.US_ASCII));
            say("client: " + BookLines.osAssigned(client.localAddress()));
            Reply reply = client.receive(PATIENCE).orElseThrow(() -> new ServerDownException(
                    ServerDownException.Reason.NO_REPLY, "no reply from " + Endpoints.format(server.localAddress())));
            say("client: " + BookLines.serverReplied(reply));
        }
    }

    private void forgedReplies() throws IOException {
        heading("Promiscuous clients and forged replies");
        say("The server is paused (as with Ctrl-Z in the book) while an attacker answers the waiting client first.");
        for (boolean connect : new boolean[] {false, true}) {
            CountDownLatch resume = new CountDownLatch(1);
            try (UdpServer server = UdpServer.open(new InetSocketAddress(LOCALHOST, 0), paused(new LengthProtocol(), resume)).start();
                 UdpClient client = connect ? UdpClient.connected(server.localAddress()) : UdpClient.unconnected(server.localAddress());
                 DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(LOCALHOST, 0))) {
                String who = connect ? "connected client" : "unconnected client";
                client.send("What is 2 + 2?".getBytes(StandardCharsets.US_ASCII));
                byte[] forged = "FAKE".getBytes(StandardCharsets.US_ASCII);
                InetSocketAddress victim = new InetSocketAddress(LOCALHOST, client.localAddress().getPort());
                // On loopback the send delivers (or, to a connected socket, discards) before it returns: the
                // forgery is settled before the server is let go.
                attacker.send(new DatagramPacket(forged, forged.length, victim));
                say("attacker " + Endpoints.format((InetSocketAddress) attacker.getLocalSocketAddress())
                        + " sends 'FAKE' to the " + who + " at " + Endpoints.format(victim));
                resume.countDown();
                Optional<Reply> first = client.receive(PATIENCE);
                if (first.isEmpty()) {
                    say(who + ": heard nothing at all");
                    continue;
                }
                Reply reply = first.get();
                if (!reply.from().equals(server.localAddress())) {
                    say(who + ": " + BookLines.serverReplied(reply) + "   <- accepted from an address that is not the server's!");
                    client.receive(PATIENCE).ifPresent(real -> say(who + ": then the real server "
                            + Endpoints.format(real.from()) + " replied " + BookLines.quoted(real)));
                } else {
                    say(who + ": never saw 'FAKE': the kernel dropped the forged reply, since the socket is connected");
                    say(who + ": the real server " + Endpoints.format(reply.from()) + " replied " + BookLines.quoted(reply));
                }
            }
        }
        say("connect() filters by address only: an attacker who can also forge the source address is stopped by request IDs (below).");
    }

    private void lossAndBackoff() throws IOException {
        heading("Unreliability, backoff and timeouts (udp_remote.py)");
        try (UdpServer server = UdpServer.openPerWorker(new InetSocketAddress(LOCALHOST, 0), counters -> new LossyHandler(
                        new LengthProtocol(), 0.5, DROP_SEED, line -> say("server: " + line), counters),
                     ServerOptions.defaults()).start();
             UdpClient client = UdpClient.connected(server.localAddress())) {
            say("server: " + BookLines.listeningAt(server.localAddress()) + ", dropping half of all requests (seed " + DROP_SEED + ")");
            say("client: " + BookLines.clientSocketName(client.localAddress()));
            Reply reply = client.request(BookLines.ANOTHER_MESSAGE.getBytes(StandardCharsets.US_ASCII),
                    BackoffPolicy.book(), wait -> say("client: " + BookLines.waitingUpTo(wait)));
            say("client: " + BookLines.serverSays(reply));
        }
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOCALHOST, 0));
             UdpClient client = UdpClient.connected((InetSocketAddress) silent.getLocalSocketAddress())) {
            say("Now a server that never answers, and a quicker policy (from 0.05 s, giving up past 0.4 s):");
            client.request("Anyone there?".getBytes(StandardCharsets.US_ASCII), QUICK_BACKOFF,
                    wait -> say("client: " + BookLines.waitingUpTo(wait)));
        } catch (ServerDownException e) {
            say("client: " + serverIsDown(e));
        }
        InetSocketAddress closedPort;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOCALHOST, 0))) {
            closedPort = (InetSocketAddress) probe.getLocalSocketAddress();
        }
        try (UdpClient client = UdpClient.connected(closedPort)) {
            say("And a port where nothing listens at all: the kernel answers with ICMP 'port unreachable',");
            say("which only a connected socket is told about; the client still backs off, in case a server starts.");
            client.request("Hello?".getBytes(StandardCharsets.US_ASCII), QUICK_BACKOFF,
                    wait -> say("client: " + BookLines.waitingUpTo(wait)));
        } catch (ServerDownException e) {
            say("client: " + serverIsDown(e));
        }
    }

    /** The book's words, and what the client saw when it is more than silence. */
    private static String serverIsDown(ServerDownException e) {
        return switch (e.reason()) {
            case NO_REPLY -> BookLines.serverIsDown();
            case PORT_UNREACHABLE -> BookLines.serverIsDown() + ": " + e.getMessage();
        };
    }

    private void requestIds() throws IOException {
        heading("Request IDs: a good idea");
        CountDownLatch resume = new CountDownLatch(1);
        DatagramHandler idServer = paused(new IdHandler(new LengthProtocol(), Optional.empty(), HandlerCounters.NONE), resume);
        IdProtocol ids = IdProtocol.keyless();
        try (UdpServer server = UdpServer.open(new InetSocketAddress(LOCALHOST, 0), idServer).start();
             UdpClient client = UdpClient.unconnected(server.localAddress());
             DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(LOCALHOST, 0))) {
            long id = IdProtocol.newId();
            client.send(ids.datagram(IdProtocol.Kind.REQUEST, id, 1, "What is 2 + 2?".getBytes(StandardCharsets.US_ASCII)));
            say("client (unconnected): sends request ID " + Long.toHexString(id));
            long guess = IdProtocol.newId();
            byte[] forged = ids.datagram(IdProtocol.Kind.REPLY, guess, 1, "FAKE".getBytes(StandardCharsets.US_ASCII));
            attacker.send(new DatagramPacket(forged, forged.length, new InetSocketAddress(LOCALHOST, client.localAddress().getPort())));
            say("attacker: forges a reply with a guessed ID " + Long.toHexString(guess));
            resume.countDown();
            while (true) {
                Optional<Reply> maybe = client.receive(PATIENCE);
                if (maybe.isEmpty()) {
                    say("client: no reply");
                    return;
                }
                ByteBuffer datagram = ByteBuffer.wrap(maybe.get().data());
                if (ids.check(datagram) == IdProtocol.Verdict.REPLY && IdProtocol.idOf(datagram) == id) {
                    say("client: reply with ID " + Long.toHexString(id) + " from " + Endpoints.format(maybe.get().from())
                            + ": " + QuotedText.of(ids.payloadOf(datagram)));
                    return;
                }
                say("client: discards a reply from " + Endpoints.format(maybe.get().from()) + " whose ID is not ours");
            }
        }
    }

    private void bindingToInterfaces() throws IOException {
        heading("Binding to interfaces");
        for (LocalInterface candidate : LocalInterfaces.list()) {
            if (candidate.up() && !candidate.addresses().isEmpty()) {
                say("this machine: " + candidate.name() + " " + candidate.addresses().stream()
                        .map(AssignedAddress::cidr).collect(Collectors.joining(", ")));
            }
        }
        InetAddress second = InetAddress.ofLiteral("127.0.0.2");
        try (UdpServer first = narratedServer(new LengthProtocol(), new InetSocketAddress(LOCALHOST, 0)).start()) {
            int port = first.localAddress().getPort();
            say("server A: " + BookLines.listeningAt(first.localAddress()));
            try (UdpServer other = narratedServer(new LengthProtocol(), new InetSocketAddress(second, port)).start()) {
                say("server B: " + BookLines.listeningAt(other.localAddress())
                        + " (same port, another address: both may bind)");
                for (InetAddress target : new InetAddress[] {LOCALHOST, second}) {
                    try (UdpClient client = UdpClient.connected(new InetSocketAddress(target, port))) {
                        client.send(("Hello " + target.getHostAddress()).getBytes(StandardCharsets.US_ASCII));
                        client.receive(PATIENCE).ifPresent(reply ->
                                say("client: " + Endpoints.format(reply.from()) + " replied " + BookLines.quoted(reply)));
                    }
                }
            } catch (BindException e) {
                say("server B: " + e.getMessage());
            }
            try (UdpServer everywhere = UdpServer.open(
                    new InetSocketAddress(Endpoints.anyLocal(StandardProtocolFamily.INET), port), new LengthProtocol())) {
                say("A server on every interface (0.0.0.0) at the same port was allowed too: " + everywhere.localAddress());
            } catch (BindException e) {
                say("But every interface (0.0.0.0) at that port: " + e.getMessage());
            }
        }
    }

    private void bigDatagrams() throws IOException, InterruptedException {
        heading("Big datagrams, fragmentation and the MTU (big_sender.py)");
        CountDownLatch arrived = new CountDownLatch(2);
        DatagramHandler countsArrivals = (request, reply) -> {
            arrived.countDown();
            return false;
        };
        UdpServer served;
        try (UdpServer sink = UdpServer.open(new InetSocketAddress(LOCALHOST, 0), countsArrivals).start()) {
            InetSocketAddress target = sink.localAddress();
            BigDatagramResult book = PathMtuProbe.sendBig(target, PathMtuProbe.BOOK_SIZE);
            if (book instanceof BigDatagramResult.Unsupported) {
                BookLines.bigDatagram(book).forEach(this::say);
                return;
            }
            say("big_sender sends " + book.size() + " bytes with don't-fragment set to " + Endpoints.format(target) + ":");
            BookLines.bigDatagram(book).forEach(this::say);
            for (int size : new int[] {1472, 65507, 65508}) {
                say(size + " bytes: " + switch (PathMtuProbe.sendBig(target, size)) {
                    case BigDatagramResult.Sent sent -> "sent";
                    case BigDatagramResult.TooBig tooBig -> "refused (" + tooBig.kernelSays() + ")";
                    case BigDatagramResult.Unsupported unsupported -> unsupported.reason();
                });
            }
            say("Over Ethernet (MTU 1500) the largest unfragmented IPv4 payload would be 1500 - 20 - 8 = "
                    + BigDatagramResult.largestUnfragmentedPayload(1500, StandardProtocolFamily.INET) + " bytes;"
                    + " UDP itself stops at 65,507.");
            // The two that were sent: once they are in, closing the sink (at the end of this block) settles its counts.
            arrived.await(PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            served = sink;
        }
        say("Served meanwhile: " + served.counts().summary());
    }

    private void socketOptions() throws IOException {
        heading("Socket options");
        List<OptionSetting> settings = List.of(OptionSetting.parse("SO_RCVBUF=100000"), OptionSetting.parse("SO_BROADCAST=on"));
        for (OptionReading reading : SocketOptionInspector.inspect(StandardProtocolFamily.INET, settings)) {
            String name = reading.option().name();
            if (List.of("SO_TYPE", "SO_RCVBUF", "SO_BROADCAST", "IP_TTL", "IP_MTU_DISCOVER").contains(name)) {
                say("setsockopt/getsockopt: " + name + " = " + reading.describe());
            }
        }
        say("'udpkit sockopts' lists them all.");
    }

    private void broadcast() throws IOException, InterruptedException {
        heading("Broadcast (udp_broadcast.py)");
        InetAddress broadcast = InetAddress.ofLiteral("127.255.255.255");
        say("Listeners bind the broadcast address itself, 127.255.255.255, with SO_REUSEADDR so several can share a port.");
        ServerOptions listening = ServerOptions.defaults().withReuseAddress(true).withBroadcast(true);
        CountDownLatch heard = new CountDownLatch(2);
        try (UdpServer first = listener("listener 1", new InetSocketAddress(broadcast, 0), listening, heard);
             UdpServer second = listener("listener 2", first.localAddress(), listening, heard)) {
            say("two listeners: " + BookLines.listeningForDatagramsAt(second.localAddress()));
            try (UdpClient client = UdpClient.unconnected(first.localAddress())) {
                client.enableBroadcast();
                client.send(BookLines.BROADCAST_DATAGRAM.getBytes(StandardCharsets.US_ASCII));
                say("client: sends " + QuotedText.of(BookLines.BROADCAST_DATAGRAM) + " once, to "
                        + Endpoints.format(first.localAddress()));
            }
            heard.await(PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            say("One datagram, " + (2 - heard.getCount()) + " listeners heard it.");
        }
    }

    /** A broadcast listener that prints what it hears and counts {@code heard} down once it has printed. */
    private UdpServer listener(String name, InetSocketAddress bind, ServerOptions options, CountDownLatch heard)
            throws IOException {
        return UdpServer.open(bind, new NarratingHandler(DatagramHandler.NO_REPLY,
                BookLines.Voice.BROADCAST_LISTENER, line -> {
                    say(name + ": " + line);
                    heard.countDown();
                }), options).start();
    }

    private UdpServer narratedServer(DatagramHandler protocol, InetSocketAddress bind) throws IOException {
        return UdpServer.open(bind, new NarratingHandler(protocol, BookLines.Voice.ANSWERING,
                line -> say("server: " + line)), ServerOptions.defaults());
    }

    /** A server that holds each request until {@code resume} opens: the book's suspended server. */
    private static DatagramHandler paused(DatagramHandler protocol, CountDownLatch resume) {
        return (request, reply) -> {
            try {
                resume.await(PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return protocol.handle(request, reply);
        };
    }

    private void heading(String title) {
        out.println();
        out.println(++section + ". " + title);
    }

    private synchronized void say(String line) {
        out.println("   " + line);
    }
}
