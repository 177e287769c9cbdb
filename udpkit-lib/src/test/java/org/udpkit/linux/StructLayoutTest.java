package org.udpkit.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import org.junit.jupiter.api.Test;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.assertj.core.api.Assertions.assertThat;

/** The struct layouts match what a 64-bit Linux C compiler lays out (sizes and offsets from sizeof/offsetof). */
class StructLayoutTest {
    private static long offset(StructLayout layout, String... path) {
        MemoryLayout.PathElement[] elements = new MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = groupElement(path[i]);
        }
        return layout.byteOffset(elements);
    }

    @Test
    void iovecIsSixteenBytes() {
        assertThat(MessageHeaderLayout.IOVEC.byteSize()).isEqualTo(16);
        assertThat(offset(MessageHeaderLayout.IOVEC, "iov_len")).isEqualTo(8);
    }

    @Test
    void msghdrIsFiftySixBytesWithCOffsets() {
        StructLayout msghdr = MessageHeaderLayout.MSGHDR;
        assertThat(msghdr.byteSize()).isEqualTo(56);
        assertThat(offset(msghdr, "msg_name")).isEqualTo(0);
        assertThat(offset(msghdr, "msg_namelen")).isEqualTo(8);
        assertThat(offset(msghdr, "msg_iov")).isEqualTo(16);
        assertThat(offset(msghdr, "msg_iovlen")).isEqualTo(24);
        assertThat(offset(msghdr, "msg_control")).isEqualTo(32);
        assertThat(offset(msghdr, "msg_controllen")).isEqualTo(40);
        assertThat(offset(msghdr, "msg_flags")).isEqualTo(48);
    }

    @Test
    void mmsghdrIsSixtyFourBytesWithTheLengthAfterTheHeader() {
        assertThat(MessageHeaderLayout.MMSGHDR.byteSize()).isEqualTo(64);
        assertThat(offset(MessageHeaderLayout.MMSGHDR, "msg_len")).isEqualTo(56);
        assertThat(MessageHeaderLayout.MMSGHDR.byteAlignment()).isEqualTo(8);
    }

    @Test
    void socketAddressesHaveTheirCSizes() {
        assertThat(SocketAddressLayout.SOCKADDR_IN.byteSize()).isEqualTo(16);
        assertThat(offset(SocketAddressLayout.SOCKADDR_IN, "sin_port")).isEqualTo(2);
        assertThat(offset(SocketAddressLayout.SOCKADDR_IN, "sin_addr")).isEqualTo(4);
        assertThat(SocketAddressLayout.SOCKADDR_IN6.byteSize()).isEqualTo(28);
        assertThat(offset(SocketAddressLayout.SOCKADDR_IN6, "sin6_flowinfo")).isEqualTo(4);
        assertThat(offset(SocketAddressLayout.SOCKADDR_IN6, "sin6_addr")).isEqualTo(8);
        assertThat(offset(SocketAddressLayout.SOCKADDR_IN6, "sin6_scope_id")).isEqualTo(24);
        assertThat(SocketAddressLayout.SOCKADDR_STORAGE.byteSize()).isEqualTo(128);
    }

    @Test
    void pollfdIsEightBytes() {
        assertThat(PollSet.POLLFD.byteSize()).isEqualTo(8);
        assertThat(offset(PollSet.POLLFD, "events")).isEqualTo(4);
        assertThat(offset(PollSet.POLLFD, "revents")).isEqualTo(6);
    }

    @Test
    void controlMessagesAndPacketInfosHaveTheirCSizes() {
        assertThat(ControlMessageLayout.CMSGHDR.byteSize()).isEqualTo(16);
        assertThat(offset(ControlMessageLayout.CMSGHDR, "cmsg_level")).isEqualTo(8);
        assertThat(offset(ControlMessageLayout.CMSGHDR, "cmsg_type")).isEqualTo(12);
        assertThat(ControlMessageLayout.DATA_OFFSET).as("CMSG_DATA").isEqualTo(16);
        assertThat(ControlMessageLayout.IN_PKTINFO.byteSize()).isEqualTo(12);
        assertThat(ControlMessageLayout.IPI_SPEC_DST).isEqualTo(4);
        assertThat(ControlMessageLayout.IPI_ADDR).isEqualTo(8);
        assertThat(ControlMessageLayout.IN6_PKTINFO.byteSize()).isEqualTo(20);
        assertThat(offset(ControlMessageLayout.IN6_PKTINFO, "ipi6_ifindex")).isEqualTo(16);
        assertThat(ControlMessageLayout.space(12)).as("CMSG_SPACE(sizeof(struct in_pktinfo))").isEqualTo(32);
        assertThat(ControlMessageLayout.length(12)).as("CMSG_LEN(sizeof(struct in_pktinfo))").isEqualTo(28);
        assertThat(ControlMessageLayout.PKTINFO_SPACE).as("CMSG_SPACE(sizeof(struct in6_pktinfo))").isEqualTo(40);
    }

    @Test
    void multicastRequestsHaveTheirCSizes() {
        assertThat(MulticastRequestLayout.IP_MREQN.byteSize()).isEqualTo(12);
        assertThat(offset(MulticastRequestLayout.IP_MREQN, "imr_ifindex")).isEqualTo(8);
        assertThat(MulticastRequestLayout.IPV6_MREQ.byteSize()).isEqualTo(20);
        assertThat(offset(MulticastRequestLayout.IPV6_MREQ, "ipv6mr_interface")).isEqualTo(16);
    }
}
