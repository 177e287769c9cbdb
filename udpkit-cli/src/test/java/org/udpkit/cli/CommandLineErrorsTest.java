package org.udpkit.cli;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A wrong command line gets one sentence and a usage hint on stderr, exit code 2, and no stack trace. */
@Timeout(60)
class CommandLineErrorsTest {
    private static void assertUsageError(Cli result, String sentence) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains(sentence).contains("--help' for usage.");
        // One sentence and the hint; a typo may add picocli's suggestions of the nearest names between them.
        assertThat(result.err().lines().filter(line -> !line.startsWith("Did you mean") && !line.startsWith("Possible solutions")))
                .hasSize(2);
        assertThat(result.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aPortOutsideTheRange() {
        assertUsageError(Cli.run("local", "client", "-p", "70000"), "port 70000 is outside 0-65535");
        assertUsageError(Cli.run("remote", "client", "127.0.0.1", "-p", "-1"), "port -1 is outside 0-65535");
        assertUsageError(Cli.run("send", "127.0.0.1", "65536", "x"), "port 65536 is outside 0-65535");
        assertUsageError(Cli.run("big-sender", "127.0.0.1", "-p", "http"), "'http' is not a port number");
    }

    @Test
    void aHostThatCannotExist() {
        assertUsageError(Cli.run("remote", "client", "no such host!"), "'no such host!' is not a host name or an IP address");
    }

    @Test
    void anUnknownHostNameWithoutAskingDns(@TempDir Path dir) throws IOException, InterruptedException {
        // The JVM resolves from this file alone, so nothing leaves the machine.
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n");
        try (RunningProcess client = RunningProcess.udpkit(List.of("-Djdk.net.hosts.file=" + hosts),
                "remote", "client", "nosuchhost.test")) {
            assertThat(client.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(client.output()).contains("udpkit: unknown host 'nosuchhost.test'")
                    .contains("Try 'udpkit remote client --help' for usage.").doesNotContain("Exception");
        }
    }

    @Test
    void anAddressThatIsNotThisMachines() {
        // 198.18.0.1 is on no interface here; a failed bind sends nothing.
        assertUsageError(Cli.run("remote", "server", "198.18.0.1", "-p", "0"),
                "cannot listen at 198.18.0.1:0: that address is not one of this machine's");
    }

    @Test
    void aPortInUse() throws IOException {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = taken.getLocalPort();
            assertUsageError(Cli.run("local", "server", "-p", String.valueOf(port)),
                    "cannot listen at 127.0.0.1:" + port + ": the port is already in use");
        }
    }

    @Test
    void missingRolesAndArgumentsAndNonsenseValues() {
        assertUsageError(Cli.run(), "a subcommand is needed");
        assertUsageError(Cli.run("local"), "say which role to play: server or client");
        assertUsageError(Cli.run("remote", "client"), "Missing required parameter: 'HOST'");
        assertUsageError(Cli.run("remote", "server", "127.0.0.1", "-p", "0", "--drop", "1.5"),
                "Invalid value for option '--drop': '1.5' is not between 0 and 1 (0% and 100%)");
        assertUsageError(Cli.run("local", "client", "--timeout", "-1"),
                "Invalid value for option '--timeout': '-1' is neither 0 nor between 0.001 and 86400 seconds (a day)");
        assertUsageError(Cli.run("big-sender", "127.0.0.1", "--size", "-5"),
                "Invalid value for option '--size': '-5' is not between 0 and 16777216 bytes");
        assertUsageError(Cli.run("remote", "client", "127.0.0.1", "--timeout", "3", "--give-up", "1"), "must not be below the first wait");
        assertUsageError(Cli.run("frobnicate"), "Unmatched argument");
    }

    /** Each value the issue found crashing, hanging or misread: one sentence and exit 2, before anything runs. */
    @Test
    void numbersOutsideWhatMakesSenseAreRefusedInOneSentence() {
        String seconds = "is not between 0.001 and 86400 seconds (a day)";
        String secondsOrZero = "is neither 0 nor between 0.001 and 86400 seconds (a day)";
        // --workers 2147483647 ran out of memory; --workers 1024 is the most the machine is asked to hold.
        assertUsageError(Cli.run("local", "server", "-p", "0", "--workers", "2147483647"),
                "'2147483647' is not between 0 and 1024 workers: 0 means one per core");
        assertUsageError(Cli.run("remote", "server", "-p", "0", "--workers", "2147483648"), "'2147483648' is not between 0 and 1024 workers");
        assertUsageError(Cli.run("broadcast", "server", "127.255.255.255", "-p", "0", "--workers", "-1"), "'-1' is not between 0 and 1024 workers");
        // --give-up Infinity ran out of memory listing its waits.
        assertUsageError(Cli.run("remote", "client", "127.0.0.1", "--give-up", "Infinity"), "'Infinity' " + seconds);
        // 1e-10, NaN and Infinity waited for ever; 3000000 said "timeout < 0"; 4294967.297 gave up after a millisecond.
        for (String timeout : new String[] {"1e-10", "NaN", "Infinity", "3000000", "4294967.297", "-0.5", "soon"}) {
            String sentence = timeout.equals("soon") ? "'soon' is not a number of seconds" : "'" + timeout + "' " + seconds;
            assertUsageError(Cli.run("remote", "client", "127.0.0.1", "--timeout", timeout), "Invalid value for option '--timeout': " + sentence);
            assertUsageError(Cli.run("local", "client", "--timeout", timeout), timeout.equals("soon") ? sentence
                    : "'" + timeout + "' " + secondsOrZero);
            assertUsageError(Cli.run("bench", "127.0.0.1", "--timeout", timeout), sentence);
        }
        assertUsageError(Cli.run("remote", "client", "127.0.0.1", "--give-up", "NaN"), "'NaN' " + seconds);
        assertUsageError(Cli.run("bench", "127.0.0.1", "--duration", "Infinity"), "'Infinity' " + seconds);
        assertUsageError(Cli.run("bench", "127.0.0.1", "--warmup", "NaN"), "'NaN' " + secondsOrZero);
        assertUsageError(Cli.run("local", "server", "-p", "0", "--interval", "Infinity"), "'Infinity' " + secondsOrZero);
        // Windows, rates, sockets and sizes.
        assertUsageError(Cli.run("bench", "127.0.0.1", "--window", "2147483647"), "'2147483647' is not between 1 and 65536 requests in flight");
        assertUsageError(Cli.run("bench", "127.0.0.1", "--window", "0"), "'0' is not between 1 and 65536 requests in flight");
        assertUsageError(Cli.run("bench", "127.0.0.1", "--sockets", "100000"), "'100000' is not between 1 and 1024 sockets");
        assertUsageError(Cli.run("bench", "127.0.0.1", "--rate", "NaN"), "'NaN' is neither 0 nor a number per second above 0 and at most 1e9");
        assertUsageError(Cli.run("bench", "127.0.0.1", "--rate", "1e300"), "'1e300' is neither 0 nor a number per second");
        assertUsageError(Cli.run("bench", "127.0.0.1", "--size", "65508"), "'65508' is not between 0 and 65507 bytes");
        assertUsageError(Cli.run("perf", "client", "127.0.0.1", "--size", "-1"), "'-1' is not between 0 and 65507 bytes");
        assertUsageError(Cli.run("perf", "client", "127.0.0.1", "--rate", "Infinity"), "'Infinity' is neither 'max' nor a number per second");
        assertUsageError(Cli.run("big-sender", "127.0.0.1", "--size", "2147483648"), "'2147483648' is not between 0 and 16777216 bytes");
        assertUsageError(Cli.run("remote", "server", "-p", "0", "--drop", "NaN"), "'NaN' is not between 0 and 1 (0% and 100%)");
        assertUsageError(Cli.run("send", "127.0.0.1", "9", "x", "--from", "99999999999"), "port 99999999999 is outside 0-65535");
        assertUsageError(Cli.run("services", "99999999999"), "port 99999999999 is outside 0-65535");
        assertUsageError(Cli.run("sockopts", "--set", "SO_RCVBUF=99999999999"), "bad value for SO_RCVBUF: '99999999999' is more than a socket option holds");
    }

    @Test
    void portZeroIsNoDestination() {
        for (String[] args : new String[][] {{"local", "client", "-p", "0"}, {"remote", "client", "127.0.0.1", "-p", "0"},
                {"send", "127.0.0.1", "0", "x"}, {"big-sender", "127.0.0.1", "-p", "0"}, {"broadcast", "client", "127.255.255.255", "-p", "0"},
                {"bench", "127.0.0.1", "-p", "0"}}) {
            assertUsageError(Cli.run(args), "port 0 cannot be a destination");
        }
    }

    @Test
    void aBroadcastNeedsToBeAskedFor() {
        // The book's lesson: the kernel refuses (EACCES) until SO_BROADCAST is set.
        assertUsageError(Cli.run("send", "127.255.255.255", "9", "x"),
                "the kernel refused to send to 127.255.255.255:9 (permission denied): to a broadcast address only with --broadcast");
        Cli asked = Cli.run("send", "127.255.255.255", "9", "x", "--broadcast");
        assertThat(asked.exitCode()).as(asked.err()).isZero();
        assertThat(asked.out()).startsWith("Sent 1 bytes from port ");
    }

    @Test
    void aTypoGetsTheNearestNames() {
        assertUsageError(Cli.run("locl"), "Unmatched argument at index 0: 'locl'");
        assertThat(Cli.run("locl").err()).contains("Did you mean: udpkit local");
        assertThat(Cli.run("local", "server", "--quiett").err()).contains("Possible solutions: --quiet");
    }

    @Test
    void helpAndVersionSucceed() {
        Cli help = Cli.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("tour", "local", "remote", "big-sender", "broadcast", "send");
        Cli version = Cli.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("udpkit ");
    }

    @Test
    void multicastNeedsAGroupAndATtlInRangeAndIpv6HasNoBroadcast() {
        assertUsageError(Cli.run("multicast", "client", "127.0.0.1"), "127.0.0.1 is not a multicast group");
        assertUsageError(Cli.run("multicast", "server", "::1", "-p", "0"), "::1 is not a multicast group");
        assertUsageError(Cli.run("multicast", "client", "239.1.2.3", "--ttl", "256"), "--ttl must be 0 to 255, not 256");
        assertUsageError(Cli.run("multicast", "client", "239.1.2.3", "--ttl", "-1"), "--ttl must be 0 to 255, not -1");
        assertUsageError(Cli.run("multicast", "client", "239.1.2.3", "--ttl", "2147483648"), "'2147483648' is not an int");
        assertUsageError(Cli.run("multicast", "client", "239.1.2.3", "--interface", "no-such-if0"),
                "no network interface is called no-such-if0");
        String noBroadcast = "IPv6 has no broadcast; its multicast group ff02::1 reaches every host on the link";
        assertUsageError(Cli.run("broadcast", "client", "127.255.255.255", "-6"), noBroadcast);
        assertUsageError(Cli.run("broadcast", "client", "ff02::1"), noBroadcast);
        assertUsageError(Cli.run("broadcast", "server", "", "-6"), noBroadcast);
    }

    @Test
    void theJdkChannelCannotPromiseRepliesFromTheRequestsDestination() {
        assertUsageError(Cli.run("remote", "server", "-p", "0", "--transport", "JDK", "--reply-source", "REQUEST_DESTINATION"),
                "the JDK channel cannot answer from the address a request was sent to");
    }
}
