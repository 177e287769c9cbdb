package org.udpkit.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.udpkit.linux.LinuxSocketConstants.IPPROTO_IP;
import static org.udpkit.linux.LinuxSocketConstants.IPPROTO_IPV6;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_PKTINFO;
import static org.udpkit.linux.LinuxSocketConstants.IP_PKTINFO;

/**
 * {@code struct cmsghdr}, {@code struct in_pktinfo} and {@code struct in6_pktinfo} (64-bit Linux), and the
 * one thing udpkit does with them: turn the packet-info message {@code recvmsg} delivered with a request
 * into the one {@code sendmsg} needs to answer from the address the request was sent to. Works on memory
 * in place and allocates nothing (no slices: each field is written at its named offset).
 */
public final class ControlMessageLayout {
    /** {@code struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; }}: 16 bytes, then the data. */
    public static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("cmsg_len"),
            ValueLayout.JAVA_INT.withName("cmsg_level"),
            ValueLayout.JAVA_INT.withName("cmsg_type"));

    /** {@code struct in_pktinfo { int ipi_ifindex; struct in_addr ipi_spec_dst; struct in_addr ipi_addr; }}: 12 bytes. */
    public static final StructLayout IN_PKTINFO = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("ipi_ifindex"),
            MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_BYTE).withName("ipi_spec_dst"),
            MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_BYTE).withName("ipi_addr"));

    /** {@code struct in6_pktinfo { struct in6_addr ipi6_addr; int ipi6_ifindex; }}: 20 bytes. */
    public static final StructLayout IN6_PKTINFO = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("ipi6_addr"),
            ValueLayout.JAVA_INT.withName("ipi6_ifindex"));

    /** {@code CMSG_ALIGN}: control messages and their data start on 8-byte boundaries. */
    private static final long ALIGNMENT = 8;
    /** {@code CMSG_DATA(cmsg) - cmsg}. */
    public static final long DATA_OFFSET = align(CMSGHDR.byteSize());
    /** {@code CMSG_SPACE(sizeof(struct in6_pktinfo))}, the larger of the two packet infos: 40 bytes. */
    public static final long PKTINFO_SPACE = space(IN6_PKTINFO.byteSize());
    /**
     * Control bytes per datagram: room for a packet info and whatever else a socket option may add
     * (the kernel cuts what does not fit and sets MSG_CTRUNC; the packet info comes first either way).
     */
    public static final int CONTROL_BYTES = 128;

    public static final VarHandle CMSG_LEN = CMSGHDR.varHandle(groupElement("cmsg_len"));
    public static final VarHandle CMSG_LEVEL = CMSGHDR.varHandle(groupElement("cmsg_level"));
    public static final VarHandle CMSG_TYPE = CMSGHDR.varHandle(groupElement("cmsg_type"));
    public static final VarHandle IPI_IFINDEX = IN_PKTINFO.varHandle(groupElement("ipi_ifindex"));
    public static final long IPI_SPEC_DST = IN_PKTINFO.byteOffset(groupElement("ipi_spec_dst"));
    public static final long IPI_ADDR = IN_PKTINFO.byteOffset(groupElement("ipi_addr"));
    public static final long IPI6_ADDR = IN6_PKTINFO.byteOffset(groupElement("ipi6_addr"));
    public static final VarHandle IPI6_IFINDEX = IN6_PKTINFO.varHandle(groupElement("ipi6_ifindex"));

    /** The first byte of an IPv6 multicast address (ff00::/8). */
    private static final byte IPV6_MULTICAST_PREFIX = (byte) 0xff;

    private ControlMessageLayout() {
    }

    /** {@code CMSG_ALIGN(length)}. */
    public static long align(long length) {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** {@code CMSG_SPACE(dataLength)}: what a message with that much data takes in a control buffer. */
    public static long space(long dataLength) {
        return align(CMSGHDR.byteSize()) + align(dataLength);
    }

    /** {@code CMSG_LEN(dataLength)}: the value of {@code cmsg_len} for that much data. */
    public static long length(long dataLength) {
        return align(CMSGHDR.byteSize()) + dataLength;
    }

    /**
     * Writes into {@code reply} (at least {@link #PKTINFO_SPACE} bytes) the packet info that makes a reply
     * leave from the address the request was sent to, read from the {@code receivedLength} control bytes
     * in {@code received}; returns its length for {@code msg_controllen}, or 0 when there is nothing to
     * say (no packet info arrived, or the request went to an IPv6 multicast group, which cannot be a
     * source: the kernel then picks as it would anyway).
     *
     * <p>IPv4 ({@code IP_PKTINFO}, also what a dual-stack socket gets for IPv4): {@code ipi_spec_dst} is
     * the local address the kernel says the request reached (for a broadcast or a group, the interface's
     * own address), and it is all that is kept: the interface is left to the routing table, as for any reply.
     * IPv6 ({@code IPV6_PKTINFO}): {@code ipi6_addr} is the destination and the interface is kept, which
     * a link-local source needs.
     */
    public static long writeReplySource(MemorySegment received, long receivedLength, MemorySegment reply) {
        long offset = 0;
        while (offset + CMSGHDR.byteSize() <= receivedLength) {
            long length = (long) CMSG_LEN.get(received, offset);
            if (length < CMSGHDR.byteSize() || offset + length > receivedLength) {
                return 0;
            }
            int level = (int) CMSG_LEVEL.get(received, offset);
            int type = (int) CMSG_TYPE.get(received, offset);
            long data = offset + DATA_OFFSET;
            if (level == IPPROTO_IP && type == IP_PKTINFO && length >= length(IN_PKTINFO.byteSize())) {
                writeHeader(reply, IN_PKTINFO.byteSize(), IPPROTO_IP, IP_PKTINFO);
                IPI_IFINDEX.set(reply, DATA_OFFSET, 0);
                MemorySegment.copy(received, data + IPI_SPEC_DST, reply, DATA_OFFSET + IPI_SPEC_DST, 4);
                reply.set(ValueLayout.JAVA_INT_UNALIGNED, DATA_OFFSET + IPI_ADDR, 0);
                return space(IN_PKTINFO.byteSize());
            }
            if (level == IPPROTO_IPV6 && type == IPV6_PKTINFO && length >= length(IN6_PKTINFO.byteSize())) {
                if (received.get(ValueLayout.JAVA_BYTE, data + IPI6_ADDR) == IPV6_MULTICAST_PREFIX) {
                    return 0;
                }
                writeHeader(reply, IN6_PKTINFO.byteSize(), IPPROTO_IPV6, IPV6_PKTINFO);
                MemorySegment.copy(received, data, reply, DATA_OFFSET, IN6_PKTINFO.byteSize());
                return space(IN6_PKTINFO.byteSize());
            }
            offset += align(length);
        }
        return 0;
    }

    private static void writeHeader(MemorySegment target, long dataLength, int level, int type) {
        CMSG_LEN.set(target, 0L, length(dataLength));
        CMSG_LEVEL.set(target, 0L, level);
        CMSG_TYPE.set(target, 0L, type);
    }
}
