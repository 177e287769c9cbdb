package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.udpkit.net.Endpoints;
import org.udpkit.perf.IntervalCount;
import org.udpkit.perf.Intervals;
import org.udpkit.perf.PerfClient;
import org.udpkit.perf.PerfResults;
import org.udpkit.perf.PerfServer;
import org.udpkit.perf.PerfServerListener;
import org.udpkit.perf.Rate;
import org.udpkit.perf.ReceiveOffload;
import org.udpkit.perf.SendOffload;
import org.udpkit.perf.TestSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code udpkit perf}: one-way UDP throughput, loss, reordering, jitter and delay, like {@code iperf3 -u}. */
@Command(name = "perf", description = {"Measure one-way UDP: datagrams/s, bits/s, loss, duplicates, reordering,",
        "jitter and one-way delay, like 'iperf3 -u'. Run 'udpkit perf server' at one end and",
        "'udpkit perf client HOST' at the other; both print the receiver's results."},
        subcommands = {PerfCommand.Server.class, PerfCommand.Client.class})
final class PerfCommand extends RoleCommand {
    @Command(name = "server", description = "Receive tests from 'udpkit perf client' until Ctrl-C.")
    static final class Server extends UdpkitCommand {
        @Mixin
        ListenAddress listen;
        @Option(names = "--gro", description = "receive with UDP generic receive offload (UDP_GRO): datagrams of one"
                + " flow may arrive coalesced, as 'perf client --gso' sends them")
        boolean gro;
        @Mixin
        TransportOption transport;
        @Mixin
        IntervalOption interval;
        @Mixin
        JsonOption output;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = out();
            InetSocketAddress bind = listen.address();
            boolean json = output.json;
            // A server reports a stream of documents: one per line, each interval and each test's results.
            Intervals intervals = intervals(interval, !json, count -> {
                if (json) {
                    Json.write(out, g -> PerfReport.interval(g, count));
                } else {
                    println(out, PerfReport.interval(count, "received"));
                }
            });
            PerfServer server = PerfServer.bind(bind, gro ? ReceiveOffload.GRO : ReceiveOffload.NONE, transport.kind);
            return ServerSession.serve(server, () -> {
                // With --json stdout holds documents only: the address goes to stderr.
                println(json ? err() : out, "udpkit perf server listening at " + Endpoints.format(server.localAddress()));
                server.serve(new PerfServerListener() {
                    private String client = "";

                    @Override
                    public void started(TestSettings test, InetSocketAddress client) {
                        this.client = Endpoints.format(client);
                        if (!json) {
                            println(out, "Test from " + Endpoints.format(client) + ": " + PerfReport.describe(test));
                        }
                    }

                    @Override
                    public void finished(TestSettings test, PerfResults results) {
                        if (json) {
                            Json.write(out, g -> PerfReport.jsonServer(g, client, test, results));
                        } else {
                            println(out, PerfReport.receiver(results));
                        }
                    }

                    /** Set on the serving thread, read on the sending thread. */
                    private volatile String receiver = "";

                    @Override
                    public void reverseStarted(TestSettings test, InetSocketAddress receiver) {
                        this.receiver = Endpoints.format(receiver);
                        if (!json) {
                            println(out, "Reverse test to " + Endpoints.format(receiver) + ": " + PerfReport.describe(test));
                        }
                    }

                    @Override
                    public void reverseFinished(TestSettings test, PerfClient.Outcome outcome) {
                        if (json) {
                            Json.write(out, g -> PerfReport.json(g, receiver, test, outcome.sent(), outcome.received(),
                                    List.of()));
                        } else {
                            println(out, PerfReport.sender(outcome.sent()));
                        }
                    }

                    @Override
                    public void reverseFailed(TestSettings test, Exception failure) {
                        err().println("udpkit: the reverse test failed: " + failure.getMessage());
                    }
                }, intervals);
            }, out::flush);
        }
    }

    @Command(name = "client", description = "Send a test to a 'udpkit perf server' and print both ends' results.")
    static final class Client extends UdpkitCommand {
        @Parameters(index = "0", paramLabel = "HOST", description = "the server's host, e.g. 127.0.0.1 or ::1")
        String host;
        @Mixin
        PortOption port;
        @Option(names = {"-s", "--size"}, paramLabel = "BYTES", converter = CountConverter.DatagramBytes.class,
                description = "UDP payload per datagram, 32 (the header) to 65507 (default ${DEFAULT-VALUE})")
        int size = 1472;
        @Option(names = {"-r", "--rate"}, paramLabel = "R|max", converter = RateConverter.class, defaultValue = "1000",
                description = "datagrams per second, paced by a token bucket, or 'max': as fast as the kernel takes them (default ${DEFAULT-VALUE})")
        Rate rate;
        @Option(names = {"-t", "--duration"}, paramLabel = "SECONDS", converter = SecondsConverter.Positive.class,
                defaultValue = "10", description = "how long to send, up to a day (default ${DEFAULT-VALUE})")
        Duration duration;
        @Option(names = "--gso", description = "send with UDP generic segmentation offload (UDP_SEGMENT): up to 64"
                + " datagrams per message, cut apart by the kernel")
        boolean gso;
        @Option(names = {"-R", "--reverse"}, description = "the server sends and this client receives (as iperf3 -R)")
        boolean reverse;
        @Mixin
        TransportOption transport;
        @Mixin
        IntervalOption interval;
        @Mixin
        JsonOption output;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = out();
            boolean json = output.json;
            if (reverse && gso) {
                throw new UsageException("--gso sends from this client, and with --reverse the server sends: choose one");
            }
            TestSettings test;
            try {
                test = new TestSettings(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), size, rate, duration);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            InetSocketAddress server = Addresses.destination(host, port.port);
            List<IntervalCount> counted = new ArrayList<>();
            Intervals intervals = intervals(interval, !json,
                    count -> {
                        if (json) {
                            counted.add(count);
                        } else {
                            println(out, PerfReport.interval(count, reverse ? "received" : "sent"));
                        }
                    });
            if (reverse) {
                return receive(out, json, server, test, intervals, counted);
            }
            if (!json) {
                println(out, "Sending to " + Endpoints.format(server) + ": " + PerfReport.describe(test));
            }
            PerfClient.Outcome outcome = PerfClient.run(server, test, intervals, gso ? SendOffload.GSO : SendOffload.NONE,
                    transport.kind);
            if (json) {
                Json.write(out, g -> PerfReport.json(g, Endpoints.format(server), test, outcome.sent(), outcome.received(), counted));
            } else {
                println(out, PerfReport.sender(outcome.sent()));
                println(out, PerfReport.receiver(outcome.received()));
            }
            if (outcome.received().received() == 0) {
                err().println("udpkit: none of the " + outcome.sent().sent() + " datagrams reached " + Endpoints.format(server));
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        }

        /** --reverse: the server sends, this client's receiver measures. */
        private int receive(PrintWriter out, boolean json, InetSocketAddress server, TestSettings test,
                            Intervals intervals, List<IntervalCount> counted) throws IOException {
            if (!json) {
                println(out, "Receiving from " + Endpoints.format(server) + ": " + PerfReport.describe(test));
            }
            PerfResults results = PerfClient.runReverse(server, test, intervals, transport.kind);
            if (json) {
                Json.write(out, g -> PerfReport.jsonReverse(g, Endpoints.format(server), test, results, counted));
            } else {
                println(out, PerfReport.receiver(results));
            }
            if (results.received() == 0) {
                err().println("udpkit: none of the " + results.sent() + " datagrams from " + Endpoints.format(server)
                        + " arrived");
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        }
    }

    /** Interval reports as {@code --interval} asks, on stdout; by default only when text goes to a terminal. */
    private static Intervals intervals(IntervalOption interval, boolean text, Consumer<IntervalCount> listener) {
        Optional<Duration> period = interval.period(Terminal.STDOUT);
        boolean asked = interval.seconds.isPresent();
        return period.filter(p -> asked || text).<Intervals>map(p -> new Intervals.Every(p, listener))
                .orElseGet(Intervals.None::new);
    }

    private static void println(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }

    private PerfCommand() {
    }
}
