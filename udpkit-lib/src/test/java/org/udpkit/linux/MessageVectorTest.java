package org.udpkit.linux;

import java.net.StandardProtocolFamily;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.udpkit.Requirements;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.udpkit.linux.LinuxSocketConstants.MSG_DONTWAIT;
import static org.udpkit.linux.LinuxSocketConstants.MSG_WAITFORONE;

/** Batches through real sockets on loopback: sendmmsg from one socket, recvmmsg on another. */
class MessageVectorTest {
    private static final int WAIT_MILLIS = 2000;

    @BeforeAll
    static void linuxOnly() {
        Requirements.require(Linux.isAvailable(), "native Linux sockets");
    }

    private static InetAddress loopback(StandardProtocolFamily family) {
        return org.udpkit.net.Endpoints.loopback(family);
    }

    /** Waits for datagrams on {@code socket} and receives up to the vector's capacity; fails after two seconds. */
    private static int receive(Arena arena, LinuxSocket socket, MessageVector vector, int wanted) throws IOException {
        PollSet poll = new PollSet(arena, socket);
        int received = 0;
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (received < wanted && System.currentTimeMillis() < deadline) {
            if (poll.await(100) == 0) {
                continue;
            }
            int n = Linux.recvmmsg(socket.callState(), socket.fd(), vector.headersFrom(received), wanted - received,
                    MSG_DONTWAIT | MSG_WAITFORONE, MemorySegment.NULL);
            if (n < 0) {
                throw socket.failure("receiving");
            }
            received += n;
        }
        return received;
    }

    @ParameterizedTest(name = "family {0}")
    @EnumSource(value = StandardProtocolFamily.class, names = {"INET", "INET6"})
    void aBatchArrivesWithLengthsAndSenderAddresses(StandardProtocolFamily family) throws IOException {
        try (Arena arena = Arena.ofConfined();
             LinuxSocket receiver = LinuxSocket.openUdp(family);
             LinuxSocket sender = LinuxSocket.openUdp(family)) {
            receiver.bind(new InetSocketAddress(loopback(family), 0));
            sender.bind(new InetSocketAddress(loopback(family), 0));
            InetSocketAddress to = receiver.localAddress();
            MessageVector out = MessageVector.allocate(arena, 3, 2048);
            int[] sizes = {0, 1, 1472};
            MemorySegment destination = arena.allocate(SocketAddressLayout.SOCKADDR_STORAGE);
            int destinationLength = SocketAddressLayout.write(to, destination);
            for (int i = 0; i < sizes.length; i++) {
                out.slot(i).fill((byte) ('a' + i));
                out.setLength(i, sizes[i]);
                out.setDestination(i, destination, destinationLength);
            }
            int sent = Linux.sendmmsg(sender.callState(), sender.fd(), out.headers(), 3, 0);
            assertThat(sent).isEqualTo(3);

            MessageVector in = MessageVector.allocate(arena, 8, 2048);
            assertThat(receive(arena, receiver, in, 3)).isEqualTo(3);
            for (int i = 0; i < sizes.length; i++) {
                assertThat(in.length(i)).isEqualTo(sizes[i]);
                assertThat(in.truncated(i)).isFalse();
                assertThat(SocketAddressLayout.read(in.address(i))).isEqualTo(sender.localAddress());
                assertThat(in.addressLength(i)).isEqualTo(family == StandardProtocolFamily.INET6 ? 28 : 16);
                if (sizes[i] > 0) {
                    assertThat(in.buffer(i).get(sizes[i] - 1)).isEqualTo((byte) ('a' + i));
                }
            }
        }
    }

    @Test
    void aDatagramLargerThanItsSlotIsCutShortAndFlaggedTruncated() throws IOException {
        try (Arena arena = Arena.ofConfined();
             LinuxSocket receiver = LinuxSocket.openUdp(StandardProtocolFamily.INET);
             LinuxSocket sender = LinuxSocket.openUdp(StandardProtocolFamily.INET)) {
            receiver.bind(new InetSocketAddress(loopback(StandardProtocolFamily.INET), 0));
            sender.connect(receiver.localAddress());
            MemorySegment data = arena.allocate(100).fill((byte) 'z');
            sender.send(data, 100);
            sender.send(data, 10);
            MessageVector in = MessageVector.allocate(arena, 2, 16);
            assertThat(receive(arena, receiver, in, 2)).isEqualTo(2);
            assertThat(in.truncated(0)).isTrue();
            assertThat(in.length(0)).isEqualTo(16);
            assertThat(in.truncated(1)).isFalse();
            assertThat(in.length(1)).isEqualTo(10);
        }
    }

    @Test
    void theLargestDatagramFitsASixtyFourKibSlot() throws IOException {
        try (Arena arena = Arena.ofConfined();
             LinuxSocket receiver = LinuxSocket.openUdp(StandardProtocolFamily.INET);
             LinuxSocket sender = LinuxSocket.openUdp(StandardProtocolFamily.INET)) {
            receiver.bind(new InetSocketAddress(loopback(StandardProtocolFamily.INET), 0));
            sender.connect(receiver.localAddress());
            MemorySegment data = arena.allocate(65_507);
            for (int i = 0; i < 65_507; i++) {
                data.set(ValueLayout.JAVA_BYTE, i, (byte) i);
            }
            assertThat(sender.send(data, 65_507)).isEqualTo(65_507);
            MessageVector in = MessageVector.allocate(arena, 1, 65_536);
            assertThat(receive(arena, receiver, in, 1)).isEqualTo(1);
            assertThat(in.length(0)).isEqualTo(65_507);
            assertThat(in.truncated(0)).isFalse();
            assertThat(in.slot(0).asSlice(0, 65_507).mismatch(data)).isEqualTo(-1);
        }
    }

    @Test
    void prepareReceiveRestoresWhatTheKernelAndSendingChanged() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MessageVector vector = MessageVector.allocate(arena, 2, 512);
            vector.setLength(1, 7);
            vector.setDestination(1, vector.address(1), 3);
            vector.prepareReceive(2);
            assertThat(vector.addressLength(1)).isEqualTo(128);
            assertThat(vector.slotSize()).isEqualTo(512);
            assertThat(vector.capacity()).isEqualTo(2);
        }
    }

    @Test
    void theSlotsAreReleasedWithTheArena() throws IOException {
        MessageVector vector;
        try (Arena arena = Arena.ofConfined()) {
            vector = MessageVector.allocate(arena, 4, 65_536);
            vector.slot(3).set(ValueLayout.JAVA_BYTE, 65_535, (byte) 1);
            assertThat(vector.slot(3).get(ValueLayout.JAVA_BYTE, 65_535)).isEqualTo((byte) 1);
        }
        assertThatThrownBy(() -> vector.slot(0).get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> vector.buffer(0).get(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aVectorNeedsASlot() {
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> MessageVector.allocate(arena, 0, 64)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
