package org.udpkit.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpkit.book.LossyHandler;
import org.udpkit.load.LoadGenerator;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.server.HandlerCounters;
import org.udpkit.server.ServerCounter;
import org.udpkit.server.UdpServer;
import org.w3c.dom.Document;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code udpkit bench} against an in-process server for a fraction of a second. */
class BenchCommandTest {
    /** Whether the load generator can run here (Linux, with native access). */
    private static boolean nativeLinuxSockets() {
        return LoadGenerator.whyUnavailable().isEmpty();
    }

    private static UdpServer server(DatagramHandler handler) throws IOException {
        return UdpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), handler).start();
    }

    private static String port(UdpServer server) {
        return String.valueOf(server.localAddress().getPort());
    }

    /** The whole number a JSON report gives for {@code field}. */
    private static long field(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertThat(matcher.find()).as(field + " in " + json).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void plotDrawsThePercentileCurveAndTheRateAsSvgAndPng(@TempDir Path dir) throws Exception {
        Requirements.require(nativeLinuxSockets(), "native Linux sockets");
        Path svg = dir.resolve("bench.svg");
        Path png = dir.resolve("bench.png");
        try (UdpServer server = server(new LengthProtocol())) {
            for (Path plot : List.of(svg, png)) {
                Cli result = Cli.run("bench", "127.0.0.1", "-p", port(server), "--duration", "0.5", "--warmup", "0.2",
                        "--window", "4", "--plot", plot.toString());
                assertThat(result.exitCode()).as(result.err()).isZero();
            }
        }
        // The SVG is XML with both charts' titles, axes and curves in it.
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        // The SVG names its DTD by URL: read it without fetching that (no DNS, no network, in a test).
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document document = xml.newDocumentBuilder().parse(svg.toFile());
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        String text = Files.readString(svg);
        // (Axis labels come out as outlines, not text: JFreeSVG draws JFreeChart's attributed strings as shapes.)
        assertThat(text).contains("Round-trip time by percentile", "Replies per second", "replies per second",
                "warm-up", "127.0.0.1:");
        assertThat(document.getElementsByTagName("path").getLength()).isGreaterThan(2);
        // The PNG is an image of both charts, stacked.
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(760);
    }

    @Test
    void plotToAFileItCannotDrawIsAUsageErrorBeforeAnyLoad() {
        Cli result = Cli.run("bench", "127.0.0.1", "-p", "9", "--plot", "bench.pdf");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("udpkit: --plot draws an .svg or a .png file, not 'bench.pdf'");
        assertThat(result.out()).isEmpty();
    }

    @Test
    @SuppressWarnings("try") // closes the server early, on purpose: see the close() below
    void jsonReportsRepliesLossAndPercentiles() throws Exception {
        Requirements.require(nativeLinuxSockets(), "native Linux sockets");
        try (UdpServer server = server(new LengthProtocol())) {
            Cli result = Cli.run("bench", "127.0.0.1", "-p", port(server),
                    "--duration", "0.3", "--warmup", "0.1", "--window", "4", "--size", "100", "--json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            String json = result.out().strip();
            assertThat(json)
                    .startsWith("{\"target\":\"127.0.0.1:" + server.localAddress().getPort() + "\",\"window\":4,\"size\":100,")
                    .contains("\"timeout_s\":1.0,", "\"loss_ratio\":0.0,", "\"rtt_us\":{\"count\":", "\"p999\":")
                    .endsWith("}}");
            assertThat(field(json, "sent")).isPositive().isEqualTo(field(json, "answered"))
                    .isEqualTo(field(json, "count"));
            for (String none : new String[] {"lost", "late", "duplicates", "wrong", "not_sent_window_full", "refused"}) {
                assertThat(field(json, none)).as(none).isZero();
            }
            // A worker counts a reply just after sending it: read the counts once close() has joined it.
            server.close();
            assertThat(server.counts().get(ServerCounter.REPLIED)).isEqualTo(field(json, "sent_total"))
                    .isEqualTo(field(json, "received_total"));
        }
    }

    @Test
    void textSaysWhatItLoadsAndWhatCameBack() throws Exception {
        Requirements.require(nativeLinuxSockets(), "native Linux sockets");
        try (UdpServer server = server(new LengthProtocol())) {
            Cli result = Cli.run("bench", "localhost", "-p", port(server),
                    "-d", "0.2", "--warmup", "0", "-w", "1", "--timeout", "0.5", "--no-progress");
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out())
                    .contains("closed loop, window 1, requests of 64 bytes and up, 1 socket, 0.200 s (after 0.00 s of warm-up), timeout 0.500 s")
                    .contains("replies/s ", " lost 0 (0.000%)   late 0   duplicates 0   wrong replies 0")
                    .contains("RTT us: p50 ")
                    .doesNotContain("not sent");
        }
    }

    @Test
    void noServerIsAFailureThatSaysSo() throws Exception {
        Requirements.require(nativeLinuxSockets(), "native Linux sockets");
        int port;
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        Cli result = Cli.run("bench", "127.0.0.1", "-p", String.valueOf(port), "-d", "0.2", "--warmup", "0",
                "--timeout", "0.1", "--no-progress");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("no replies from 127.0.0.1:" + port + ": nobody is listening there");
        assertThat(result.out()).contains("answered 0", "RTT: no round trips").doesNotContain("p50");
    }

    @Test
    void anEchoServerIsAFailureWithEveryReplyWrong() throws Exception {
        Requirements.require(nativeLinuxSockets(), "native Linux sockets");
        DatagramHandler echo = (request, reply) -> {
            reply.put(request.payload().duplicate());
            return true;
        };
        try (UdpServer server = server(echo)) {
            Cli result = Cli.run("bench", "127.0.0.1", "-p", port(server), "-d", "0.2", "--warmup", "0",
                    "--timeout", "0.1", "--json");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
            String json = result.out().strip();
            assertThat(field(json, "wrong")).isPositive().isEqualTo(field(json, "sent")).isEqualTo(field(json, "lost"));
            assertThat(field(json, "answered")).isZero();
            assertThat(json).contains("\"rtt_us\":{\"count\":0}").doesNotContain("p50");
            assertThat(result.err()).contains("replies from 127.0.0.1:" + port(server)
                    + " were not the book's answer to any request sent");
        }
    }

    @Test
    void lossOverMaxLossIsAFailureAndWithinItIsNot() throws Exception {
        Requirements.require(nativeLinuxSockets(), "native Linux sockets");
        try (UdpServer server = server(new LossyHandler(new LengthProtocol(), 0.5, 7, line -> { },
                HandlerCounters.NONE))) {
            String[] run = {"bench", "127.0.0.1", "-p", port(server), "-d", "0.2", "--warmup", "0", "-w", "4",
                    "--timeout", "0.05", "--no-progress"};
            Cli strict = Cli.run(run);
            assertThat(strict.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(strict.err()).containsPattern("lost [\\d,]+ of [\\d,]+ requests \\([\\d.]+%\\), more than --max-loss 0.000% allows");
            Cli lenient = Cli.run(concat(run, "--max-loss", "100%"));
            assertThat(lenient.exitCode()).as(lenient.err()).isZero();
            assertThat(lenient.out()).containsPattern("lost [1-9][\\d,]* \\(");
        }
    }

    @Test
    void anOpenLoopSaysWhatAFullWindowKeptFromGoing() throws Exception {
        Requirements.require(nativeLinuxSockets(), "native Linux sockets");
        // Nothing answered: the first two requests hold a window of 2 for the whole second.
        try (UdpServer server = server(DatagramHandler.NO_REPLY)) {
            Cli result = Cli.run("bench", "127.0.0.1", "-p", port(server), "-d", "0.3", "--warmup", "0",
                    "--rate", "1000", "-w", "2", "--no-progress");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(result.out()).contains("open loop at 1,000 requests/s (at most 2 in flight)",
                            "sent 2  answered 0", "lost 2 (100.000%)")
                    .containsPattern("not sent \\(window full\\) [1-9]");
            assertThat(result.err()).containsPattern("[1-9][\\d,]* requests fell due while the whole window was in "
                    + "flight and were not sent: a larger --window offers the whole rate")
                    .contains("no replies from 127.0.0.1:" + port(server));
        }
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @ParameterizedTest(name = "--max-loss {0}")
    @ValueSource(strings = {"NaN", "Infinity", "-0.1", "-5%", "1.5", "101%", "half"})
    void aMaxLossThatIsNoFractionIsAUsageError(String maxLoss) {
        Cli result = Cli.run("bench", "127.0.0.1", "--max-loss", maxLoss);
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Invalid value for option '--max-loss': '" + maxLoss + "' is ");
    }

    @Test
    void aTimeoutOverAMinuteOrRequestsOverTheLargestDatagramAreUsageErrors() {
        Cli timeout = Cli.run("bench", "127.0.0.1", "--timeout", "61");
        assertThat(timeout.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(timeout.err()).contains("the timeout must be positive and at most 60 s, not 61.000 s");
        Cli size = Cli.run("bench", "127.0.0.1", "--size", "65507", "--window", "64");
        assertThat(size.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(size.err()).contains("the largest request would be 65,762 bytes");
    }

    @Test
    void aWindowSmallerThanTheSocketsIsAUsageError() {
        Cli result = Cli.run("bench", "127.0.0.1", "--window", "2", "--sockets", "4");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("at least one per socket");
    }
}
