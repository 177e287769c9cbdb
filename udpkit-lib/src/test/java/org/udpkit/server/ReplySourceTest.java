package org.udpkit.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpkit.Requirements;
import org.udpkit.linux.Linux;
import org.udpkit.protocol.LengthProtocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server bound to every address answers from the address each request was sent to, so that a connected
 * client (the book's defence against forged replies) gets its answer on a host with several addresses.
 * Loopback has them all: a client that sends to 127.0.0.2 is answered from 127.0.0.1 when the routing
 * table picks the source, and its connected socket throws that answer away.
 */
@Timeout(30)
class ReplySourceTest {
    private static final InetAddress SECOND = address("127.0.0.2");
    private static final InetAddress FIRST = address("127.0.0.1");
    /** Long enough for a loopback reply on a busy machine; its absence is what the bug looks like. */
    private static final int WAIT_MILLIS = 2000;

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UdpServer batched(String wildcard, ReplySource source) throws IOException {
        Requirements.require(Linux.isAvailable(), "native Linux sockets");
        return UdpServer.open(new InetSocketAddress(wildcard, 0), new LengthProtocol(),
                ServerOptions.defaults().withTransport(TransportKind.LINUX_BATCHED).withReplySource(source)).start();
    }

    /** Sends one datagram from a socket connected to the server's second address; the reply's text, if one got through. */
    private static String askConnected(UdpServer server) throws IOException {
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(FIRST, 0))) {
            client.connect(new InetSocketAddress(SECOND, server.localAddress().getPort()));
            client.setSoTimeout(WAIT_MILLIS);
            client.send(new DatagramPacket(new byte[] {'x'}, 1));
            DatagramPacket reply = new DatagramPacket(new byte[100], 100);
            try {
                client.receive(reply);
            } catch (SocketTimeoutException silence) {
                return "";
            }
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
        }
    }

    /** Sends one datagram to the server's second address from an unconnected socket; where the reply came from. */
    private static InetAddress replySourceSeenUnconnected(UdpServer server) throws IOException {
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(FIRST, 0))) {
            client.setSoTimeout(WAIT_MILLIS * 5);
            client.send(new DatagramPacket(new byte[] {'x'}, 1, new InetSocketAddress(SECOND, server.localAddress().getPort())));
            DatagramPacket reply = new DatagramPacket(new byte[100], 100);
            client.receive(reply);
            return reply.getAddress();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::"})
    void aConnectedClientOfTheSecondAddressIsAnsweredFromIt(String wildcard) throws Exception {
        try (UdpServer server = batched(wildcard, ReplySource.AUTO)) {
            assertThat(askConnected(server)).isEqualTo("Your data was 1 bytes long");
            assertThat(replySourceSeenUnconnected(server)).isEqualTo(SECOND);
        }
    }

    /** The bug the packet info prevents, shown with it turned off: the reply is sent, from the wrong address, and lost. */
    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::"})
    void withoutPacketInfoTheReplyLeavesFromTheRoutesAddressAndTheConnectedClientDropsIt(String wildcard) throws Exception {
        try (UdpServer server = batched(wildcard, ReplySource.ROUTE)) {
            assertThat(askConnected(server)).as("what the connected client got").isEmpty();
            Counts.awaitCount(server::counts, ServerCounter.REPLIED, 1);
            assertThat(replySourceSeenUnconnected(server)).isEqualTo(FIRST);
        }
    }

    @Test
    void aServerBoundToOneAddressAnswersFromItWithoutPacketInfo() throws Exception {
        Requirements.require(Linux.isAvailable(), "native Linux sockets");
        try (UdpServer server = UdpServer.open(new InetSocketAddress(SECOND, 0), new LengthProtocol(),
                ServerOptions.defaults().withTransport(TransportKind.LINUX_BATCHED).withReplySource(ReplySource.ROUTE)).start()) {
            assertThat(askConnected(server)).isEqualTo("Your data was 1 bytes long");
        }
    }

    @Test
    void theJdkChannelRefusesToPromiseTheRequestsDestinationOnAWildcardBind() {
        assertThatThrownBy(() -> UdpServer.open(new InetSocketAddress("0.0.0.0", 0), new LengthProtocol(),
                ServerOptions.defaults().withTransport(TransportKind.JDK).withReplySource(ReplySource.REQUEST_DESTINATION)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("cannot answer from the address a request was sent to")
                .hasMessageContaining("0.0.0.0:0");
    }

    /** AUTO on the JDK channel answers as the routing table says: the limit docs/design.md states. */
    @Test
    void theJdkChannelOnAWildcardBindAnswersFromTheRoutesAddress() throws Exception {
        try (UdpServer server = UdpServer.open(new InetSocketAddress("0.0.0.0", 0), new LengthProtocol(),
                ServerOptions.defaults().withTransport(TransportKind.JDK)).start()) {
            assertThat(replySourceSeenUnconnected(server)).isEqualTo(FIRST);
        }
    }
}
