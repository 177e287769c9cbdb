package org.udpkit.linux;

import java.net.StandardProtocolFamily;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.BeforeAll;
import org.udpkit.Requirements;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Failed calls report the errno the kernel set, captured with Linker.Option.captureCallState. */
class NativeErrnoTest {
    @BeforeAll
    static void linuxOnly() {
        Requirements.require(Linux.isAvailable(), "native Linux sockets");
    }

    @Test
    void bindingAPortInUseSaysEaddrinuse() throws IOException {
        try (LinuxSocket first = LinuxSocket.openUdp(StandardProtocolFamily.INET);
             LinuxSocket second = LinuxSocket.openUdp(StandardProtocolFamily.INET)) {
            first.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress taken = first.localAddress();
            assertThatThrownBy(() -> second.bind(taken))
                    .isInstanceOfSatisfying(NativeSocketException.class,
                            e -> assertThat(e.errno()).isEqualTo(LinuxSocketConstants.EADDRINUSE))
                    .hasMessageContaining("EADDRINUSE")
                    .hasMessageContaining("already in use")
                    .hasMessageContaining("127.0.0.1:" + taken.getPort());
        }
    }

    @Test
    void receivingOnABadDescriptorSaysEbadf() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MessageVector vector = MessageVector.allocate(arena, 2, 64);
            MemorySegment callState = Linux.allocateCallState(arena);
            int result = Linux.recvmmsg(callState, -1, vector.headers(), 2, LinuxSocketConstants.MSG_DONTWAIT,
                    MemorySegment.NULL);
            assertThat(result).isEqualTo(-1);
            assertThat(Linux.errno(callState)).isEqualTo(LinuxSocketConstants.EBADF);
            assertThat(new NativeSocketException("receiving", Linux.errno(callState)))
                    .hasMessage("receiving: Bad file descriptor (EBADF, errno 9)");
        }
    }

    @Test
    void receivingWithNothingQueuedSaysEagain() throws IOException {
        try (Arena arena = Arena.ofConfined();
             LinuxSocket socket = LinuxSocket.openUdp(StandardProtocolFamily.INET)) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            MessageVector vector = MessageVector.allocate(arena, 4, 64);
            int result = Linux.recvmmsg(socket.callState(), socket.fd(), vector.headers(), 4,
                    LinuxSocketConstants.MSG_DONTWAIT, MemorySegment.NULL);
            assertThat(result).isEqualTo(-1);
            assertThat(Linux.errno(socket.callState())).isEqualTo(LinuxSocketConstants.EAGAIN);
        }
    }

    @Test
    void anUnknownOptionSaysEnoprotoopt() throws IOException {
        try (LinuxSocket socket = LinuxSocket.openUdp(StandardProtocolFamily.INET)) {
            assertThatThrownBy(() -> socket.getInt(LinuxSocketConstants.SOL_SOCKET, 9999))
                    .isInstanceOfSatisfying(NativeSocketException.class,
                            e -> assertThat(e.errno()).isEqualTo(LinuxSocketConstants.ENOPROTOOPT))
                    .hasMessageContaining("ENOPROTOOPT");
        }
    }

    @Test
    void anErrnoWithoutANameIsShownByNumber() {
        assertThat(new NativeSocketException("doing", 1)).hasMessageEndingWith("(errno 1)");
    }
}
