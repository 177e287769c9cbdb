package org.udpkit.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What loopback cannot show, on one host in a namespace of its own ({@link OneHostNamespace}).
 *
 * <p>{@code udpkit multicast}: the server hears a group, IPv4 and IPv6, on both transports; the client's TTL
 * is the one in the datagrams' headers (read by a Python listener, which we did not write, through
 * IP_RECVTTL and IPV6_RECVHOPLIMIT); and {@code --no-loop} keeps this host's own members from hearing it.
 *
 * <p>Replies from the address they were sent to: a server bound to every address, on a host with two IPv6
 * addresses, answers a connected client from the address that client sent to; with {@code --reply-source
 * ROUTE} it answers from the routing table's pick instead (the client's own address, the best match), and
 * the connected client, a Python socket, never gets it. IPv4 on loopback is shown in the library's
 * ReplySourceTest.
 */
@Timeout(240)
class OneHostNamespaceTest {
    private static final Duration START = Duration.ofSeconds(30);
    private static final String LISTENING = "^Listening for datagrams at (?:0\\.0\\.0\\.0|\\[::\\]):(\\d+)$";
    /**
     * A connected client: bound to one address, connected to the other; prints the reply or 'no reply'. It asks in
     * 23 bytes: a reply of 27 stays within three times that, so the amplification limit (on here) lets it go.
     */
    private static final String ASK = """
            import socket, sys
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            s.bind((sys.argv[1], 0))
            s.connect((sys.argv[2], int(sys.argv[3])))
            s.settimeout(3)
            s.send(b'where is my reply from?')
            try:
                print('reply:', s.recv(100).decode())
            except socket.timeout:
                print('no reply')
            """;
    private static OneHostNamespace host;

    @BeforeAll
    static void createHost() throws Exception {
        Requirements.require(NetworkLab.available(), "network namespaces need root and iproute2 (CI has both)");
        host = OneHostNamespace.create();
    }

    @AfterAll
    static void deleteHost() {
        if (host != null) {
            host.close();
        }
    }

    private static int port(Matcher listening) {
        return Integer.parseInt(listening.group(1));
    }

    /** Runs {@code udpkit multicast client GROUP -p PORT --interface v0 ARGS} in the namespace; it must succeed. */
    private static void send(String group, int port, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("multicast", "client", group, "-p", String.valueOf(port),
                "--interface", OneHostNamespace.INTERFACE));
        command.addAll(List.of(args));
        try (RunningProcess client = RunningProcess.start(host.udpkit(command.toArray(String[]::new)))) {
            assertThat(client.awaitExit(START)).as(client.output()).isZero();
        }
    }

    private static RunningProcess server(String group, String transport) throws Exception {
        return RunningProcess.start(host.udpkit("multicast", "server", group, "-p", "0",
                "--interface", OneHostNamespace.INTERFACE, "--transport", transport, "-v"));
    }

    /** ff12::/16 is a transient link-local group: unlike ff02::1, which every interface joins, only our server has it. */
    @ParameterizedTest
    @CsvSource({"239.1.2.3, LINUX_BATCHED, linux-batched", "239.1.2.3, JDK, jdk-channel",
            "ff12::1:2, LINUX_BATCHED, linux-batched", "ff12::1:2, JDK, jdk-channel"})
    void theServerHearsWhatIsSentToItsGroup(String group, String transport, String label) throws Exception {
        try (RunningProcess server = server(group, transport)) {
            int port = port(server.awaitLine(LISTENING, START));
            server.awaitLine("^Joined multicast group " + group.replace(".", "\\.") + " on v0$", START);
            server.awaitLine("^Transport: " + label + "$", START);
            send(group, port, "-m", "to the group");
            server.awaitLine("^The client at \\S+ says: 'to the group'$", START);
            assertThat(server.stop(START)).isZero();
            assertThat(server.output()).contains("Received 1 datagram (12 bytes", "replied to 0");
        }
    }

    /** Sent by v0 with --no-loop, a datagram reaches v1, which joined nothing: no one on this host hears it. */
    @ParameterizedTest
    @ValueSource(strings = {"239.1.2.3", "ff12::1:2"})
    void withNoLoopThisHostsMembersDoNotHearIt(String group) throws Exception {
        try (RunningProcess server = server(group, "AUTO")) {
            int port = port(server.awaitLine(LISTENING, START));
            server.awaitLine("^Transport: ", START);
            send(group, port, "-m", "not looped", "--no-loop");
            // Then one that is looped back: once it is heard, the first would have been too, had it come.
            send(group, port, "-m", "looped");
            server.awaitLine("says: 'looped'$", START);
            assertThat(server.stop(START)).isZero();
            assertThat(server.output()).doesNotContain("not looped").contains("Received 1 datagram");
        }
    }

    @ParameterizedTest
    @CsvSource({"239.1.2.3, 7", "239.1.2.3, 0", "ff12::1:2, 7", "ff12::1:2, 0", "ff12::1:2, 255"})
    void theDatagramsCarryTheTtlAsked(String group, int ttl) throws Exception {
        Path script = Path.of("src/test/resources/python/multicast_ttl.py").toAbsolutePath();
        int port = 41000 + ttl;
        try (RunningProcess listener = RunningProcess.start(host.in(List.of("python3", "-u", script.toString(),
                group, String.valueOf(port), OneHostNamespace.INTERFACE)))) {
            listener.awaitLine("^ready$", START);
            send(group, port, "--ttl", String.valueOf(ttl));
            listener.awaitLine("^heard Multicast datagram!$", START);
            assertThat(listener.awaitExit(START)).isZero();
            assertThat(listener.output()).contains("ttl " + ttl);
        }
    }

    @ParameterizedTest
    @CsvSource({"AUTO, reply: Your data was 23 bytes long", "ROUTE, no reply"})
    void aConnectedClientOfTheSecondAddressIsAnsweredOnlyWithPacketInfo(String replySource, String clientSees)
            throws Exception {
        try (RunningProcess server = RunningProcess.start(host.udpkit("remote", "server", "::", "-p", "0", "--drop", "0",
                "--transport", "LINUX_BATCHED", "--reply-source", replySource))) {
            String port = server.awaitLine("^Listening at \\[::\\]:(\\d+)$", START).group(1);
            try (RunningProcess client = RunningProcess.start(host.in(List.of("python3", "-c", ASK,
                    OneHostNamespace.IPV6_FIRST, OneHostNamespace.IPV6_SECOND, port)))) {
                assertThat(client.awaitExit(START)).isZero();
                assertThat(client.output()).isEqualTo(clientSees);
            }
            assertThat(server.stop(START)).isZero();
            // Answered either way: without packet info the reply is sent, from the wrong address.
            assertThat(server.output()).contains("Received 1 datagram", "replied to 1");
        }
    }
}
