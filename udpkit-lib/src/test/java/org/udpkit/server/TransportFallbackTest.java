package org.udpkit.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        // The child runs like the tests do: module org.udpkit on the module path, this test class patched into
        // it, JUnit and the rest on the class path; but without --enable-native-access=org.udpkit.
        String modulePath = System.getProperty("jdk.module.path");
        assertThat(modulePath).as("the tests run on the module path").isNotNull();
        String module = UdpServer.class.getModule().getName();
        Path testClasses = Path.of(TransportFallbackTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process child = new ProcessBuilder(List.of(java, "--illegal-native-access=deny",
                "--module-path", modulePath,
                "--patch-module", module + "=" + testClasses,
                "--add-reads", module + "=ALL-UNNAMED",
                "--class-path", System.getProperty("java.class.path"),
                "--module", module + "/" + TransportFallbackTest.class.getName()))
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
