package org.udpkit.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.testing.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/** AUTO falls back to the JDK channel where the native layer cannot be used. */
class TransportFallbackTest {
    /** Run in a child JVM: opens a server with AUTO and prints the transport it got. */
    public static void main(String[] args) throws IOException {
        try (UdpServer server = UdpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new LengthProtocol())) {
            System.out.println("transport=" + server.transport().label());
        }
    }

    @Test
    void autoUsesTheJdkChannelWhenNativeAccessIsDenied() throws Exception {
        // Without --enable-native-access=org.udpkit, and with illegal native access denied.
        assertThat(ChildJvm.run(TransportFallbackTest.class, "--illegal-native-access=deny"))
                .contains("transport=jdk-channel");
    }
}
