package org.udpkit.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.udpkit.Requirements;
import org.udpkit.linux.Linux;
import org.udpkit.protocol.LengthProtocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server's port is its own: SO_REUSEPORT, which several workers need, lets any socket of the same user
 * join the port; a server refuses one that is there first and finds one that joins later. Both
 * transports, IPv4 and IPv6.
 */
@Timeout(30)
class PortOwnershipTest {
    static List<Arguments> transportsAndFamilies() {
        return List.of(Arguments.of(TransportKind.JDK, "127.0.0.1"), Arguments.of(TransportKind.JDK, "::1"),
                Arguments.of(TransportKind.LINUX_BATCHED, "127.0.0.1"), Arguments.of(TransportKind.LINUX_BATCHED, "::1"));
    }

    private static ServerOptions workers(TransportKind transport, int workers) {
        Requirements.require(transport != TransportKind.LINUX_BATCHED || Linux.isAvailable(), "native Linux sockets");
        Requirements.require(Files.isReadable(PortOwnership.UDP), "the kernel's table of UDP sockets, " + PortOwnership.UDP);
        return ServerOptions.defaults().withTransport(transport).withWorkers(workers);
    }

    /** A socket of this user with SO_REUSEPORT, as another program could open: the kernel lets it share the port. */
    private static DatagramChannel reusingPort(InetSocketAddress at) throws IOException {
        DatagramChannel channel = DatagramChannel.open(at.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        return channel.bind(at);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transportsAndFamilies")
    void aSecondServerOnThePortIsRefusedWorkersOrNot(TransportKind transport, String host) throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.ofLiteral(host), 0);
        try (UdpServer first = UdpServer.open(any, new LengthProtocol(), workers(transport, 2))) {
            for (int second : new int[] {2, 1}) {
                assertThatThrownBy(() -> UdpServer.open(first.localAddress(), new LengthProtocol(), workers(transport, second)).close())
                        .isInstanceOf(BindException.class)
                        .hasMessageContaining("the port is already in use");
            }
            assertThat(first.otherSocketsOnPort()).isEmpty();
        }
        try (UdpServer single = UdpServer.open(any, new LengthProtocol(), workers(transport, 1))) {
            // Without SO_REUSEPORT the kernel itself refuses the others.
            assertThatThrownBy(() -> UdpServer.open(single.localAddress(), new LengthProtocol(), workers(transport, 2)).close())
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("the port is already in use");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transportsAndFamilies")
    void aForeignSocketThatSharesThePortFirstIsRefused(TransportKind transport, String host) throws IOException {
        try (DatagramChannel foreign = reusingPort(new InetSocketAddress(InetAddress.ofLiteral(host), 0))) {
            InetSocketAddress taken = (InetSocketAddress) foreign.getLocalAddress();
            assertThatThrownBy(() -> UdpServer.open(taken, new LengthProtocol(), workers(transport, 2)).close())
                    .isInstanceOf(BindException.class)
                    .hasMessageEndingWith("the port is already in use");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transportsAndFamilies")
    @SuppressWarnings("try") // the joining socket is there to be found
    void aSocketThatJoinsWhileTheServerRunsIsFound(TransportKind transport, String host) throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.ofLiteral(host), 0);
        try (UdpServer server = UdpServer.open(any, new LengthProtocol(), workers(transport, 2)).start()) {
            try (DatagramChannel joining = reusingPort(server.localAddress())) {
                List<ForeignSocket> others = server.otherSocketsOnPort();
                assertThat(others).hasSize(1);
                assertThat(others.getFirst().address()).isEqualTo(server.localAddress());
                assertThat(others.getFirst().uid()).isGreaterThanOrEqualTo(0);
            }
            assertThat(server.otherSocketsOnPort()).isEmpty();
        }
    }

    /** The CLI's watch takes a last look when the server stops, which may be after it closed. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transportsAndFamilies")
    @SuppressWarnings("try") // the joining socket is there to be found
    void aLastLookAfterTheServerClosedStillLooks(TransportKind transport, String host) throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.ofLiteral(host), 0);
        UdpServer server = UdpServer.open(any, new LengthProtocol(), workers(transport, 2)).start();
        InetSocketAddress bound = server.localAddress();
        try (DatagramChannel joining = reusingPort(bound)) {
            server.close();
            assertThat(server.otherSocketsOnPort()).extracting(ForeignSocket::address).containsExactly(bound);
        } finally {
            server.close();
        }
        assertThat(server.otherSocketsOnPort()).isEmpty();
    }

    /**
     * The CLI's port watch asks twice a second for as long as the server runs: the kernel's tables are read into
     * buffers kept for it, so asking makes no garbage, which a small heap would collect under load.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transportsAndFamilies")
    @SuppressWarnings("try") // the joining socket is there to be found
    void lookingForSocketsThatJoinedMakesNoGarbage(TransportKind transport, String host) throws Exception {
        AllocationMeter meter = new AllocationMeter();
        long self = Thread.currentThread().threadId();
        InetSocketAddress any = new InetSocketAddress(InetAddress.ofLiteral(host), 0);
        try (UdpServer server = UdpServer.open(any, new LengthProtocol(), workers(transport, 2))) {
            int looks = 2_000;
            for (int i = 0; i < looks; i++) {
                assertThat(server.otherSocketsOnPort()).isEmpty();
            }
            long before = meter.getThreadAllocatedBytes(self);
            for (int i = 0; i < looks; i++) {
                if (!server.otherSocketsOnPort().isEmpty()) {
                    throw new AssertionError("a socket joined the port");
                }
            }
            long bytes = meter.getThreadAllocatedBytes(self) - before;
            System.out.printf("port watch (%s %s): %d bytes allocated over %d looks at the kernel's tables%n",
                    transport.label(), host, bytes, looks);
            assertThat((double) bytes / looks).as("bytes a look").isLessThan(1.0);
            try (DatagramChannel joining = reusingPort(server.localAddress())) {
                assertThat(server.otherSocketsOnPort()).as("and it still finds one").hasSize(1);
            }
        }
    }

    /** The race between the check and the binds: a socket that got in between is one more than the workers. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transportsAndFamilies")
    @SuppressWarnings("try") // the sockets are there to hold the port
    void moreSocketsOnThePortThanWorkersAfterBindingIsRefused(TransportKind transport, String host) throws IOException {
        ServerOptions options = workers(transport, 2);
        try (DatagramChannel first = reusingPort(new InetSocketAddress(InetAddress.ofLiteral(host), 0));
             DatagramChannel second = reusingPort((InetSocketAddress) first.getLocalAddress());
             DatagramChannel third = reusingPort((InetSocketAddress) first.getLocalAddress())) {
            InetSocketAddress bound = (InetSocketAddress) first.getLocalAddress();
            assertThatThrownBy(() -> PortOwnership.claim(bound, options, 2))
                    .isInstanceOf(BindException.class)
                    .hasMessageEndingWith("the port is already in use (another socket joined it while the server was binding)");
            try (PortOwnership claimed = PortOwnership.claim(bound, options, 3)) {
                assertThat(claimed.others()).isEmpty();
            }
        }
    }

    /** A wildcard covers the addresses it takes: 0.0.0.0 every IPv4 one, :: (dual-stack) IPv4 and IPv6. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transportsAndFamilies")
    void aWildcardOnThePortCountsAsBoundThere(TransportKind transport, String host) throws IOException {
        InetAddress wildcard = InetAddress.ofLiteral(host.contains(":") ? "::" : "0.0.0.0");
        try (DatagramChannel foreign = reusingPort(new InetSocketAddress(wildcard, 0))) {
            int port = ((InetSocketAddress) foreign.getLocalAddress()).getPort();
            assertThatThrownBy(() -> UdpServer.open(new InetSocketAddress(InetAddress.ofLiteral(host), port),
                    new LengthProtocol(), workers(transport, 2)).close())
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("the port is already in use");
        }
    }
}
