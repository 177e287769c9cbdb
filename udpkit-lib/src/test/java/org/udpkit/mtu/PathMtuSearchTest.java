package org.udpkit.mtu;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpkit.Requirements;
import org.udpkit.linux.Linux;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.server.UdpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search on loopback, whose MTU (65,536) lets every probe through: a narrower path is played by a
 * responder that stays silent above a size, which is all the search sees of a black hole. The real routed
 * path, with and without ICMP, is in the CLI's PathMtuLabTest.
 */
@Timeout(60)
class PathMtuSearchTest {
    private static final PathMtuSearch.Settings QUICK = new PathMtuSearch.Settings(2, Duration.ofMillis(100));

    @BeforeEach
    void needsNative() {
        Requirements.require(Linux.isAvailable(), "native Linux sockets");
    }

    /** The book's protocol, silent to requests longer than {@code mtu} allows, as a black hole beyond it. */
    private static DatagramHandler answeringUpTo(int mtu) {
        LengthProtocol book = new LengthProtocol();
        return (request, reply) -> request.length() + 28 <= mtu && book.handle(request, reply);
    }

    private static UdpServer server(DatagramHandler handler) throws IOException {
        return UdpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), handler).start();
    }

    @Test
    void loopbackCarriesTheLargestPacketOnTheSecondProbe() throws IOException {
        try (UdpServer server = server(new LengthProtocol())) {
            PathMtuResult result = PathMtuSearch.search(server.localAddress(), QUICK);
            assertThat(result).isInstanceOfSatisfying(PathMtuResult.Found.class, found -> {
                assertThat(found.pathMtu()).isEqualTo(65_535);
                assertThat(found.udpPayload()).isEqualTo(65_507);
                assertThat(found.probesSent()).as("the base, then the first hop's MTU").isEqualTo(2);
                assertThat(found.unanswered()).isEmpty();
                assertThat(found.icmp()).isEmpty();
            });
        }
    }

    @Test
    void silenceAloneFindsTheMtuToTheByte() throws IOException {
        for (int mtu : new int[] {1357, 1200, 600}) {
            try (UdpServer server = server(answeringUpTo(mtu))) {
                PathMtuResult result = PathMtuSearch.search(server.localAddress(), QUICK);
                assertThat(result).as("a path of MTU " + mtu).isInstanceOfSatisfying(PathMtuResult.Found.class, found -> {
                    assertThat(found.pathMtu()).isEqualTo(mtu);
                    // Below the base (1200), the first hop's MTU is never tried: the base's silence was enough.
                    int largestTried = mtu < PathMtuSearch.IPV4_BASE ? PathMtuSearch.IPV4_BASE : 65_535;
                    assertThat(found.unanswered()).contains(new ProbeRange(mtu + 1, largestTried));
                    assertThat(found.summary()).isEqualTo("Path MTU " + mtu + " (UDP payload " + (mtu - 28) + "): probes of "
                            + (mtu + 1) + "-" + largestTried + " bytes unanswered, " + mtu + " answered; no ICMP received");
                });
            }
        }
    }

    @Test
    void aSilentResponderIsNoAnswerAfterTheBaseAndTheFloor() throws IOException {
        try (UdpServer server = server(DatagramHandler.NO_REPLY)) {
            PathMtuResult result = PathMtuSearch.search(server.localAddress(), new PathMtuSearch.Settings(2, Duration.ofMillis(50)));
            assertThat(result).isInstanceOfSatisfying(PathMtuResult.NoAnswer.class, none -> {
                assertThat(none.probesSent()).isEqualTo(4);
                assertThat(none.why()).contains("no probe was answered, down to 68 bytes");
            });
        }
    }

    @Test
    void aClosedPortIsSaidByIcmpAtOnce() throws IOException {
        InetSocketAddress closed;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closed = (InetSocketAddress) socket.getLocalSocketAddress();
        }
        PathMtuResult result = PathMtuSearch.search(closed, PathMtuSearch.Settings.defaults());
        assertThat(result).isInstanceOfSatisfying(PathMtuResult.NoAnswer.class, none -> {
            assertThat(none.probesSent()).isEqualTo(1);
            assertThat(none.icmp()).singleElement().isInstanceOf(IcmpReport.Unreachable.class);
            assertThat(none.why()).contains("port unreachable: nothing listens on 127.0.0.1:" + closed.getPort());
        });
    }

    @Test
    void settingsAreBounded() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new PathMtuSearch.Settings(0, Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new PathMtuSearch.Settings(3, Duration.ofHours(1))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
