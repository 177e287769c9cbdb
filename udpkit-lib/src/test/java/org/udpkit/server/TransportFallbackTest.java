package org.udpkit.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.udpkit.protocol.LengthProtocol;

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
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "--illegal-native-access=deny",
                "-cp", System.getProperty("java.class.path"), TransportFallbackTest.class.getName()))
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(output).contains("transport=jdk-channel");
            assertThat(child.exitValue()).as(output).isZero();
        } finally {
            child.destroyForcibly();
        }
    }
}
