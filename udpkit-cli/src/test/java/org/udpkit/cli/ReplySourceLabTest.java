package org.udpkit.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies from the right address, across a real LAN: the server host has a second address on its LAN
 * interface ({@link NetworkLab#addAlias}), one the host never picks as a source; a server bound to every
 * interface is asked at that address by a connected client on another host. The default
 * {@code --reply-source AUTO} answers from the address asked (IP_PKTINFO / IPV6_PKTINFO) and the client gets
 * its reply; {@code --reply-source ROUTE}, the routing table's pick as the book's server has it, answers from
 * the host's first address, which the client's kernel does not deliver to a socket connected to the second:
 * the client hears nothing, and a client that does not connect shows where the reply came from.
 */
@Timeout(120)
class ReplySourceLabTest {
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final String ANSWER = "The server says 'Your data was \\d+ bytes long'";

    private static NetworkLab lab;
    private static final Map<Server, RunningProcess> servers = new LinkedHashMap<>();

    /** A server bound to {@code wildcard} on the server host, answering with {@code replySource}. */
    private record Server(String wildcard, String replySource, String port) {
    }

    private static final Server IPV4_AUTO = new Server("0.0.0.0", "AUTO", "1060");
    private static final Server IPV4_ROUTE = new Server("0.0.0.0", "ROUTE", "1061");
    /** Bound to :: these serve IPv4 too, as IPv4-mapped addresses. */
    private static final Server DUAL_STACK_AUTO = new Server("::", "AUTO", "1062");
    private static final Server DUAL_STACK_ROUTE = new Server("::", "ROUTE", "1063");

    @BeforeAll
    static void buildLab() throws Exception {
        NetworkLab.require();
        lab = NetworkLab.builder().lan("client", "server").build();
        lab.addAlias("server", "second", 20);
        for (Server server : List.of(IPV4_AUTO, IPV4_ROUTE, DUAL_STACK_AUTO, DUAL_STACK_ROUTE)) {
            servers.put(server, RunningProcess.start(lab.udpkit("server", "remote", "server", server.wildcard(), "--drop", "0",
                    "-p", server.port(), "--reply-source", server.replySource())));
        }
        for (RunningProcess server : servers.values()) {
            server.awaitLine("Listening at", RUN);
        }
    }

    @AfterAll
    static void removeLab() {
        servers.values().forEach(RunningProcess::close);
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void ipv4ServerOnEveryInterfaceAnswersFromTheAddressAsked() throws Exception {
        answersFromTheAddressAskedOnlyByDefault(lab.ipv4("second"), lab.ipv4("server"), IPV4_AUTO, IPV4_ROUTE);
    }

    @Test
    void ipv6ServerOnEveryInterfaceAnswersFromTheAddressAsked() throws Exception {
        answersFromTheAddressAskedOnlyByDefault(lab.ipv6("second"), lab.ipv6("server"), DUAL_STACK_AUTO, DUAL_STACK_ROUTE);
    }

    @Test
    void dualStackServerAnswersIpv4FromTheAddressAsked() throws Exception {
        answersFromTheAddressAskedOnlyByDefault(lab.ipv4("second"), lab.ipv4("server"), DUAL_STACK_AUTO, DUAL_STACK_ROUTE);
    }

    /**
     * Three clients at once, all asking {@code second}: connected to the AUTO server (answered), connected to
     * the ROUTE server (nothing heard, though the server heard it), unconnected to the ROUTE server (answered,
     * from {@code first}).
     */
    private static void answersFromTheAddressAskedOnlyByDefault(String second, String first, Server auto, Server route)
            throws Exception {
        try (RunningProcess toAuto = client(second, auto, "--timeout", "1", "--give-up", "2");
             RunningProcess toRoute = client(second, route, "--timeout", "0.5", "--give-up", "1");
             RunningProcess unconnected = client(second, route, "--timeout", "1", "--give-up", "2", "--no-connect")) {
            assertThat(toAuto.awaitExit(RUN)).as(toAuto.output()).isZero();
            toAuto.awaitLine(ANSWER, RUN);

            assertThat(unconnected.awaitExit(RUN)).as(unconnected.output()).isZero();
            unconnected.awaitLine(ANSWER, RUN);
            unconnected.awaitLine("\\(the reply came from \\[?" + first.replace(".", "\\.") + "\\]?:" + route.port() + "\\)", RUN);

            assertThat(toRoute.awaitExit(RUN)).as(toRoute.output()).isEqualTo(1);
            assertThat(toRoute.output()).contains("I think the server is down").doesNotContainPattern(ANSWER);
            // Yet the ROUTE server heard that client, and answered: its replies were lost to their source address.
            String clientSocket = toRoute.awaitLine("Client socket name is (\\S+)", RUN).group(1);
            servers.get(route).awaitLine("The client at " + Pattern.quote(clientSocket) + " says", RUN);
        }
    }

    /** {@code udpkit remote client ADDRESS -p PORT ...} on the client host. */
    private static RunningProcess client(String address, Server server, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("remote", "client", address, "-p", server.port()));
        args.addAll(List.of(options));
        return RunningProcess.start(lab.udpkit("client", args.toArray(String[]::new)));
    }
}
