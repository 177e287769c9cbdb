package org.udpkit.mtu;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** Loopback's MTU is 65536, so the book's 999,999 bytes never fit and a 1,000-byte datagram always does. */
@Timeout(30)
class PathMtuProbeTest {
    @Test
    void theBooksBigDatagramIsRefusedAndTheKernelSaysTheMtu() throws IOException {
        try (DatagramSocket sink = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            BigDatagramResult result = PathMtuProbe.sendBig((InetSocketAddress) sink.getLocalSocketAddress(), PathMtuProbe.BOOK_SIZE);
            assertThat(result).isInstanceOfSatisfying(BigDatagramResult.TooBig.class, tooBig -> {
                assertThat(tooBig.kernelSays()).contains("Message too long");
                assertThat(tooBig.pathMtu()).as("lo's MTU, less the 1 byte the kernel keeps on IPv4").isBetween(65535, 65536);
            });
        }
    }

    @Test
    void aDatagramThatFitsIsSentAndArrives() throws IOException {
        try (DatagramSocket sink = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            sink.setSoTimeout(5000);
            BigDatagramResult result = PathMtuProbe.sendBig((InetSocketAddress) sink.getLocalSocketAddress(), 1000);
            assertThat(result).isInstanceOf(BigDatagramResult.Sent.class);
            java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[2000], 2000);
            sink.receive(in);
            assertThat(in.getLength()).isEqualTo(1000);
            assertThat(in.getData()[0]).isEqualTo((byte) '#');
        }
    }

    @Test
    void worksOverIpv6() throws IOException {
        try (DatagramSocket sink = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            InetSocketAddress target = (InetSocketAddress) sink.getLocalSocketAddress();
            BigDatagramResult result = PathMtuProbe.sendBig(target, PathMtuProbe.BOOK_SIZE);
            assertThat(result).isEqualTo(new BigDatagramResult.TooBig(PathMtuProbe.BOOK_SIZE, 65536,
                    ((BigDatagramResult.TooBig) result).kernelSays()));
            assertThat(BigDatagramResult.largestUnfragmentedPayload(1500, java.net.StandardProtocolFamily.INET6)).isEqualTo(1452);
            assertThat(BigDatagramResult.largestUnfragmentedPayload(1500, java.net.StandardProtocolFamily.INET)).isEqualTo(1472);
            assertThat(PathMtuProbe.knownPathMtu(target)).isEqualTo(65536);
        }
    }
}
