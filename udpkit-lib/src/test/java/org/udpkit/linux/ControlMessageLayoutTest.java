package org.udpkit.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.udpkit.linux.ControlMessageLayout.CMSG_LEN;
import static org.udpkit.linux.ControlMessageLayout.CMSG_LEVEL;
import static org.udpkit.linux.ControlMessageLayout.CMSG_TYPE;
import static org.udpkit.linux.ControlMessageLayout.DATA_OFFSET;
import static org.udpkit.linux.ControlMessageLayout.IN6_PKTINFO;
import static org.udpkit.linux.ControlMessageLayout.IN_PKTINFO;

/** Turning the packet info a request came with into the one its reply is sent with, on hand-built control buffers. */
@Timeout(10)
class ControlMessageLayoutTest {
    private static long put(MemorySegment buffer, long offset, int level, int type, byte[] data) {
        CMSG_LEN.set(buffer, offset, ControlMessageLayout.length(data.length));
        CMSG_LEVEL.set(buffer, offset, level);
        CMSG_TYPE.set(buffer, offset, type);
        MemorySegment.copy(data, 0, buffer, ValueLayout.JAVA_BYTE, offset + DATA_OFFSET, data.length);
        return offset + ControlMessageLayout.space(data.length);
    }

    private static byte[] inPktinfo(int ifindex, byte[] specDst, byte[] addr) {
        MemorySegment info = Arena.ofAuto().allocate(IN_PKTINFO);
        ControlMessageLayout.IPI_IFINDEX.set(info, 0L, ifindex);
        MemorySegment.copy(specDst, 0, info, ValueLayout.JAVA_BYTE, ControlMessageLayout.IPI_SPEC_DST, 4);
        MemorySegment.copy(addr, 0, info, ValueLayout.JAVA_BYTE, ControlMessageLayout.IPI_ADDR, 4);
        return info.toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] in6Pktinfo(byte[] addr, int ifindex) {
        MemorySegment info = Arena.ofAuto().allocate(IN6_PKTINFO);
        MemorySegment.copy(addr, 0, info, ValueLayout.JAVA_BYTE, ControlMessageLayout.IPI6_ADDR, 16);
        ControlMessageLayout.IPI6_IFINDEX.set(info, 0L, ifindex);
        return info.toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] ipv6(int first, int last) {
        byte[] raw = new byte[16];
        raw[0] = (byte) first;
        raw[15] = (byte) last;
        return raw;
    }

    @Test
    void anIpv4ReplyLeavesFromTheLocalAddressTheRequestReachedByAnyInterface() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment received = arena.allocate(ControlMessageLayout.CONTROL_BYTES, 8);
            MemorySegment reply = arena.allocate(ControlMessageLayout.CONTROL_BYTES, 8).fill((byte) 0x55);
            // Another message first (a TTL, as IP_RECVTTL adds), then the packet info.
            long next = put(received, 0, LinuxSocketConstants.IPPROTO_IP, LinuxSocketConstants.IP_TTL, new byte[] {64, 0, 0, 0});
            long end = put(received, next, LinuxSocketConstants.IPPROTO_IP, LinuxSocketConstants.IP_PKTINFO,
                    inPktinfo(7, new byte[] {127, 0, 0, 2}, new byte[] {127, 0, 0, 2}));

            assertThat(ControlMessageLayout.writeReplySource(received, end, reply)).isEqualTo(32);
            assertThat((long) CMSG_LEN.get(reply, 0L)).isEqualTo(28);
            assertThat((int) CMSG_LEVEL.get(reply, 0L)).isEqualTo(LinuxSocketConstants.IPPROTO_IP);
            assertThat((int) CMSG_TYPE.get(reply, 0L)).isEqualTo(LinuxSocketConstants.IP_PKTINFO);
            assertThat(reply.asSlice(DATA_OFFSET, IN_PKTINFO.byteSize()).toArray(ValueLayout.JAVA_BYTE))
                    .isEqualTo(inPktinfo(0, new byte[] {127, 0, 0, 2}, new byte[4]));
        }
    }

    @Test
    void anIpv6ReplyKeepsTheDestinationAndItsInterface() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment received = arena.allocate(ControlMessageLayout.CONTROL_BYTES, 8);
            MemorySegment reply = arena.allocate(ControlMessageLayout.CONTROL_BYTES, 8);
            byte[] info = in6Pktinfo(ipv6(0x20, 2), 3);
            long end = put(received, 0, LinuxSocketConstants.IPPROTO_IPV6, LinuxSocketConstants.IPV6_PKTINFO, info);

            assertThat(ControlMessageLayout.writeReplySource(received, end, reply)).isEqualTo(ControlMessageLayout.PKTINFO_SPACE);
            assertThat((long) CMSG_LEN.get(reply, 0L)).isEqualTo(36);
            assertThat((int) CMSG_TYPE.get(reply, 0L)).isEqualTo(LinuxSocketConstants.IPV6_PKTINFO);
            assertThat(reply.asSlice(DATA_OFFSET, IN6_PKTINFO.byteSize()).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(info);
        }
    }

    @Test
    void nothingToSayWithoutPacketInfoForAGroupOrFromABrokenBuffer() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment received = arena.allocate(ControlMessageLayout.CONTROL_BYTES, 8);
            MemorySegment reply = arena.allocate(ControlMessageLayout.CONTROL_BYTES, 8);
            assertThat(ControlMessageLayout.writeReplySource(received, 0, reply)).as("no control messages").isZero();

            long end = put(received, 0, LinuxSocketConstants.IPPROTO_IPV6, LinuxSocketConstants.IPV6_PKTINFO,
                    in6Pktinfo(ipv6(0xff, 1), 3));
            assertThat(ControlMessageLayout.writeReplySource(received, end, reply)).as("sent to ff00::1, not a source").isZero();

            CMSG_LEN.set(received, 0L, 4096L);
            assertThat(ControlMessageLayout.writeReplySource(received, end, reply)).as("a length past the buffer").isZero();
            CMSG_LEN.set(received, 0L, 3L);
            assertThat(ControlMessageLayout.writeReplySource(received, end, reply)).as("a length shorter than a header").isZero();
        }
    }
}
