package org.udpkit.cli;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a command plays one of the book's programs, its stdout is the book program's, line for line: the
 * book's Python programs (src/test/resources/python/book_udp.py) and ours run the same exchange, and their
 * stdout is compared once addresses (Python's tuples, our host:port) and times are written alike.
 */
@Timeout(120)
class BookStdoutTest {
    private static final Duration START = Duration.ofSeconds(30);
    private static final Pattern PYTHON_ADDRESS = Pattern.compile("\\('[0-9a-f.:]+', \\d+\\)");
    private static final Pattern OUR_ADDRESS = Pattern.compile("\\[?[0-9a-f.:]*[0-9a-f]\\]?:\\d+");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}");

    /** Each line with its addresses and times replaced by placeholders. */
    static List<String> normalised(String stdout) {
        return stdout.lines()
                .map(line -> PYTHON_ADDRESS.matcher(line).replaceAll("ADDRESS"))
                .map(line -> OUR_ADDRESS.matcher(line).replaceAll("ADDRESS"))
                .map(line -> TIME.matcher(line).replaceAll("TIME"))
                .toList();
    }

    @Test
    void theLocalClientPrintsWhatUdpLocalPrints() throws Exception {
        try (RunningProcess server = RunningProcess.udpkit("local", "server", "-p", "0", "-q")) {
            int port = Integer.parseInt(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START).group(1));
            String book;
            try (RunningProcess python = RunningProcess.python("local-client", "127.0.0.1", port)) {
                assertThat(python.awaitExit(START)).isZero();
                book = python.output();
            }
            Cli ours = Cli.run("local", "client", "-p", String.valueOf(port));
            assertThat(ours.exitCode()).as(ours.err()).isZero();

            assertThat(normalised(ours.out())).isEqualTo(normalised(book)).containsExactly(
                    "The OS assigned me the address ADDRESS", "The server ADDRESS replied 'Your data was 38 bytes long'");
        }
    }

    @Test
    void theRemoteClientPrintsWhatUdpRemotePrints() throws Exception {
        // A server with the same seed for each client drops the same requests: two, then it answers.
        String book;
        try (RunningProcess server = RunningProcess.udpkit("remote", "server", "127.0.0.1", "-p", "0", "--seed", "7", "-q");
             RunningProcess python = RunningProcess.python("remote-client", "127.0.0.1",
                     Integer.parseInt(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START).group(1)))) {
            assertThat(python.awaitExit(START)).isZero();
            book = python.output();
        }
        Cli ours;
        try (RunningProcess server = RunningProcess.udpkit("remote", "server", "127.0.0.1", "-p", "0", "--seed", "7", "-q")) {
            int port = Integer.parseInt(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START).group(1));
            ours = Cli.run("remote", "client", "127.0.0.1", "-p", String.valueOf(port));
        }
        assertThat(ours.exitCode()).as(ours.err()).isZero();

        assertThat(normalised(ours.out())).isEqualTo(normalised(book)).startsWith(
                "Client socket name is ADDRESS", "Waiting up to 0.1 seconds for a reply").endsWith(
                "The server says 'Your data was 23 bytes long'");
    }

    @Test
    void theLocalServerPrintsWhatUdpLocalPrints() throws Exception {
        List<String> book;
        try (RunningProcess python = RunningProcess.python("local-server", "127.0.0.1", 0)) {
            int port = Integer.parseInt(python.awaitLine("^Listening at \\('127\\.0\\.0\\.1', (\\d+)\\)$", START).group(1));
            exchange(port, python);
            book = normalised(python.output());
        }
        List<String> ours;
        try (RunningProcess udpkit = RunningProcess.udpkitStdoutOnly("local", "server", "-p", "0")) {
            int port = Integer.parseInt(udpkit.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START).group(1));
            exchange(port, udpkit);
            assertThat(udpkit.stop(START)).isZero();
            ours = normalised(udpkit.output());
        }
        assertThat(ours).isEqualTo(book).containsExactly("Listening at ADDRESS",
                "The client at ADDRESS says 'first'", "The client at ADDRESS says \"it's\"");
    }

    @Test
    void theBroadcastServerPrintsWhatUdpBroadcastPrints() throws Exception {
        List<String> book;
        try (RunningProcess python = RunningProcess.python("broadcast-server", "127.255.255.255", 0)) {
            int port = Integer.parseInt(python.awaitLine("^Listening for datagrams at \\('127\\.255\\.255\\.255', (\\d+)\\)$", START).group(1));
            broadcast(port, python);
            book = normalised(python.output());
        }
        List<String> ours;
        try (RunningProcess udpkit = RunningProcess.udpkitStdoutOnly("broadcast", "server", "127.255.255.255", "-p", "0")) {
            int port = Integer.parseInt(udpkit.awaitLine("^Listening for datagrams at 127\\.255\\.255\\.255:(\\d+)$", START).group(1));
            broadcast(port, udpkit);
            assertThat(udpkit.stop(START)).isZero();
            ours = normalised(udpkit.output());
        }
        assertThat(ours).isEqualTo(book).containsExactly("Listening for datagrams at ADDRESS",
                "The client at ADDRESS says: 'Broadcast datagram!'");
    }

    /** Two requests, the second with a quote that changes how Python's repr quotes it; each waited for. */
    private static void exchange(int port, RunningProcess server) throws Exception {
        for (String text : new String[] {"first", "it's"}) {
            Cli client = Cli.run("local", "client", "-p", String.valueOf(port), "-m", text);
            assertThat(client.exitCode()).as(client.err()).isZero();
        }
        server.awaitLine("says \"it's\"$", START);
    }

    /** The book's broadcast client, so that both servers hear the same datagram from the same kind of sender. */
    private static void broadcast(int port, RunningProcess server) throws Exception {
        try (RunningProcess client = RunningProcess.python("broadcast-client", "127.255.255.255", port)) {
            assertThat(client.awaitExit(START)).isZero();
        }
        server.awaitLine("says: 'Broadcast datagram!'$", START);
    }
}
