package org.udpkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpkit.load.LoadGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server's port is its own, --workers or not: another server, or any program of the same user that sets
 * SO_REUSEPORT (python3 here), is refused when it is there first, and said on stderr and in the counts
 * when it joins while the server runs.
 */
@Timeout(120)
class PortInUseTest {
    private static final Duration START = Duration.ofSeconds(30);
    /** A socket of this user that shares the port (SO_REUSEPORT) at 127.0.0.1, port argv[1] (0: any), until killed. */
    private static final String PYTHON_SHARING_THE_PORT = String.join("\n",
            "import socket, sys, time",
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)",
            "s.bind(('127.0.0.1', int(sys.argv[1])))",
            "print('bound to port', s.getsockname()[1], flush=True)",
            "time.sleep(60)");

    private static int port(Matcher listening) {
        return Integer.parseInt(listening.group(1));
    }

    private static RunningProcess pythonSharing(int port) throws Exception {
        return RunningProcess.start(List.of("python3", "-c", PYTHON_SHARING_THE_PORT, String.valueOf(port)));
    }

    private static void assertRefused(Cli server, int port, String why) {
        assertThat(server.exitCode()).as(server.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(server.err()).contains("udpkit: cannot listen at 127.0.0.1:" + port + ": the port is already in use" + why + "\n")
                .doesNotContain("Exception");
        assertThat(server.out()).isEmpty();
    }

    @Test
    void twoServersWithWorkersOnOnePortTheSecondIsRefused() throws Exception {
        try (RunningProcess first = RunningProcess.udpkit("local", "server", "-p", "0", "--workers", "2", "-q")) {
            int port = port(first.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START));
            assertRefused(Cli.run("local", "server", "-p", String.valueOf(port), "--workers", "2"), port, "");
            assertRefused(Cli.run("remote", "server", "127.0.0.1", "-p", String.valueOf(port)), port, "");
            assertThat(first.stop(START)).isZero();
            assertThat(first.output()).doesNotContain("joined");
        }
    }

    @Test
    void aServerWithWorkersCannotJoinOneWithout() throws Exception {
        try (RunningProcess first = RunningProcess.udpkit("local", "server", "-p", "0", "-q")) {
            int port = port(first.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START));
            assertRefused(Cli.run("local", "server", "-p", String.valueOf(port), "--workers", "2"), port, "");
            assertThat(first.stop(START)).isZero();
        }
    }

    @Test
    void aForeignSocketWithReusePortBoundFirstMeansRefused() throws Exception {
        try (RunningProcess python = pythonSharing(0)) {
            int port = port(python.awaitLine("^bound to port (\\d+)$", START));
            assertRefused(Cli.run("local", "server", "-p", String.valueOf(port), "--workers", "2"), port, "");
            assertRefused(Cli.run("local", "server", "-p", String.valueOf(port), "--transport", "JDK", "--workers", "4"), port, "");
        }
    }

    @ParameterizedTest(name = "--transport {0}")
    @ValueSource(strings = {"JDK", "LINUX_BATCHED"})
    void aSocketJoiningWhileTheServerRunsIsSaidOnStderrAndInTheCounts(String transport) throws Exception {
        Requirements.require(Files.isReadable(Path.of("/proc/net/udp")), "the kernel's table of UDP sockets, /proc/net/udp");
        Requirements.require(!transport.equals("LINUX_BATCHED") || LoadGenerator.whyUnavailable().isEmpty(), "native Linux sockets");
        for (boolean json : new boolean[] {false, true}) {
            List<String> args = json ? List.of("local", "server", "-p", "0", "--workers", "2", "--transport", transport, "--json")
                    : List.of("local", "server", "-p", "0", "--workers", "2", "--transport", transport);
            try (RunningProcess server = RunningProcess.udpkit(args.toArray(String[]::new))) {
                int port = port(server.awaitLine("^Listening at 127\\.0\\.0\\.1:(\\d+)$", START));
                try (RunningProcess python = pythonSharing(port)) {
                    python.awaitLine("^bound to port " + port + "$", START);
                    server.awaitLine("^udpkit: another socket joined port " + port + " \\(bound to 127\\.0\\.0\\.1:" + port
                            + " by user \\d+, socket inode \\d+\\): the kernel gives it a share of the requests", START);
                }
                assertThat(server.stop(START)).isZero();
                if (json) {
                    assertThat(server.output()).contains("\"sockets_joined\":1");
                } else {
                    assertThat(server.output()).contains("Received 0 datagrams");
                }
                assertThat(server.output()).contains("udpkit: 1 other socket joined the port while the server ran, and may have taken requests");
            }
        }
    }
}
