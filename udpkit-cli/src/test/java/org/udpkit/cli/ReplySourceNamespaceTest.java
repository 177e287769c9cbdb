package org.udpkit.cli;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server bound to every address, on a host with two IPv6 addresses ({@link OneHostNamespace}), answers
 * a connected client from the address that client sent to; with {@code --reply-source ROUTE} it answers
 * from the routing table's pick instead (the client's own address, the best match), and the connected
 * client, a Python socket we did not write, never gets it. IPv4 on loopback is shown in the library's
 * ReplySourceTest.
 */
@Timeout(120)
class ReplySourceNamespaceTest {
    private static final Duration START = Duration.ofSeconds(30);
    /** A connected client: bound to one address, connected to the other; prints the reply or 'no reply'. */
    private static final String ASK = """
            import socket, sys
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            s.bind((sys.argv[1], 0))
            s.connect((sys.argv[2], int(sys.argv[3])))
            s.settimeout(3)
            s.send(b'x')
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

    @ParameterizedTest
    @CsvSource({"AUTO, reply: Your data was 1 bytes long", "ROUTE, no reply"})
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
