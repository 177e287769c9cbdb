package org.udpkit.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.udpkit.protocol.LengthProtocol;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both transports say why a bind failed in the same words, each from what its own socket reported. */
class BindProblemTest {
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TransportKind.class, names = {"LINUX_BATCHED", "JDK"})
    void aPortInUseIsSaidWithTheAddress(TransportKind kind) throws IOException {
        ServerOptions options = ServerOptions.defaults().withTransport(kind);
        try (UdpServer first = UdpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new LengthProtocol(), options)) {
            InetSocketAddress taken = first.localAddress();
            assertThatThrownBy(() -> UdpServer.open(taken, new LengthProtocol(), options))
                    .isInstanceOf(BindException.class)
                    .hasMessage("cannot listen at 127.0.0.1:" + taken.getPort() + ": the port is already in use");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TransportKind.class, names = {"LINUX_BATCHED", "JDK"})
    void anAddressNoInterfaceHoldsIsSaidToBeNotOurs(TransportKind kind) {
        // 198.18.0.0/15 is for benchmarking labs: no interface of a test machine holds it outside a namespace.
        InetSocketAddress notOurs = new InetSocketAddress(InetAddress.ofLiteral("198.18.0.1"), 0);
        assertThatThrownBy(() -> UdpServer.open(notOurs, new LengthProtocol(), ServerOptions.defaults().withTransport(kind)))
                .isInstanceOf(BindException.class)
                .hasMessage("cannot listen at 198.18.0.1:0: that address is not one of this machine's");
    }
}
