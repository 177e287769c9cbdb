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
            assertThat(result.sent()).isFalse();
            assertThat(result.error()).contains("Message too long");
            assertThat(result.mtu()).isBetween(65535, 65536);
        }
    }

    @Test
    void aDatagramThatFitsIsSentAndArrives() throws IOException {
        try (DatagramSocket sink = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            sink.setSoTimeout(5000);
            BigDatagramResult result = PathMtuProbe.sendBig((InetSocketAddress) sink.getLocalSocketAddress(), 1000);
            assertThat(result.sent()).isTrue();
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
            assertThat(result.sent()).isFalse();
            assertThat(result.mtu()).isEqualTo(65536);
            assertThat(result.largestUnfragmentedPayload(true)).isEqualTo(65536 - 48);
            assertThat(PathMtuProbe.knownPathMtu(target)).isEqualTo(65536);
        }
    }
}
