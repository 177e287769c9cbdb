package org.udpkit.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.InetAddress;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * {@code struct ip_mreqn} and {@code struct ipv6_mreq}, what IP_ADD_MEMBERSHIP and IPV6_JOIN_GROUP take:
 * a group and the interface to join it on.
 */
public final class MulticastRequestLayout {
    /** {@code struct ip_mreqn { struct in_addr imr_multiaddr; struct in_addr imr_address; int imr_ifindex; }}: 12 bytes. */
    public static final StructLayout IP_MREQN = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_BYTE).withName("imr_multiaddr"),
            MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_BYTE).withName("imr_address"),
            ValueLayout.JAVA_INT.withName("imr_ifindex"));

    /** {@code struct ipv6_mreq { struct in6_addr ipv6mr_multiaddr; int ipv6mr_interface; }}: 20 bytes. */
    public static final StructLayout IPV6_MREQ = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("ipv6mr_multiaddr"),
            ValueLayout.JAVA_INT.withName("ipv6mr_interface"));

    private static final long IMR_MULTIADDR = IP_MREQN.byteOffset(groupElement("imr_multiaddr"));
    private static final VarHandle IMR_IFINDEX = IP_MREQN.varHandle(groupElement("imr_ifindex"));
    private static final long IPV6MR_MULTIADDR = IPV6_MREQ.byteOffset(groupElement("ipv6mr_multiaddr"));
    private static final VarHandle IPV6MR_INTERFACE = IPV6_MREQ.varHandle(groupElement("ipv6mr_interface"));

    private MulticastRequestLayout() {
    }

    /** The layout a request to join {@code group} takes. */
    public static StructLayout layoutFor(InetAddress group) {
        return group instanceof Inet4Address ? IP_MREQN : IPV6_MREQ;
    }

    /** Writes a request to join {@code group} on interface {@code interfaceIndex} into {@code target} ({@link #layoutFor} bytes). */
    public static void write(InetAddress group, int interfaceIndex, MemorySegment target) {
        byte[] raw = group.getAddress();
        target.fill((byte) 0);
        if (group instanceof Inet4Address) {
            MemorySegment.copy(raw, 0, target, ValueLayout.JAVA_BYTE, IMR_MULTIADDR, 4);
            IMR_IFINDEX.set(target, 0L, interfaceIndex);
        } else {
            MemorySegment.copy(raw, 0, target, ValueLayout.JAVA_BYTE, IPV6MR_MULTIADDR, 16);
            IPV6MR_INTERFACE.set(target, 0L, interfaceIndex);
        }
    }
}
