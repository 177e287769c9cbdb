package org.udpkit.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.udpkit.linux.LinuxSocketConstants.AF_INET;
import static org.udpkit.linux.LinuxSocketConstants.AF_INET6;

/**
 * {@code struct sockaddr_in}, {@code struct sockaddr_in6} and {@code struct sockaddr_storage}, and the
 * conversions between them and {@link InetSocketAddress}.
 *
 * <p>Ports and IPv4 addresses are in network byte order in these structs, so their layouts say so.
 */
public final class SocketAddressLayout {
    private static final ValueLayout.OfShort NETWORK_SHORT = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    /** {@code struct sockaddr_in}: 16 bytes. */
    public static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sin_family"),
            NETWORK_SHORT.withName("sin_port"),
            MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_BYTE).withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, ValueLayout.JAVA_BYTE).withName("sin_zero"));

    /** {@code struct sockaddr_in6}: 28 bytes. */
    public static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sin6_family"),
            NETWORK_SHORT.withName("sin6_port"),
            ValueLayout.JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("sin6_addr"),
            ValueLayout.JAVA_INT.withName("sin6_scope_id"));

    /** {@code struct sockaddr_storage}: big enough, and aligned enough, for either. */
    public static final StructLayout SOCKADDR_STORAGE = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("ss_family"),
            MemoryLayout.sequenceLayout(118, ValueLayout.JAVA_BYTE).withName("ss_padding"),
            ValueLayout.JAVA_LONG.withName("ss_align"));

    private static final VarHandle FAMILY = SOCKADDR_IN.varHandle(groupElement("sin_family"));
    private static final VarHandle SIN_PORT = SOCKADDR_IN.varHandle(groupElement("sin_port"));
    private static final long SIN_ADDR = SOCKADDR_IN.byteOffset(groupElement("sin_addr"));
    private static final VarHandle SIN6_PORT = SOCKADDR_IN6.varHandle(groupElement("sin6_port"));
    private static final VarHandle SIN6_FLOWINFO = SOCKADDR_IN6.varHandle(groupElement("sin6_flowinfo"));
    private static final long SIN6_ADDR = SOCKADDR_IN6.byteOffset(groupElement("sin6_addr"));
    private static final VarHandle SIN6_SCOPE_ID = SOCKADDR_IN6.varHandle(groupElement("sin6_scope_id"));

    private SocketAddressLayout() {
    }

    /** The protocol family that {@code address} needs. */
    public static StandardProtocolFamily familyOf(InetAddress address) {
        return address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** The C address family of a protocol family: {@code AF_INET} or {@code AF_INET6}. */
    public static int addressFamily(StandardProtocolFamily family) {
        return switch (family) {
            case INET -> AF_INET;
            case INET6 -> AF_INET6;
            case UNIX -> throw new IllegalArgumentException("a UDP socket is INET or INET6, not " + family);
        };
    }

    /** Writes {@code address} into {@code target} (at least {@link #SOCKADDR_IN6} bytes); returns its length. */
    public static int write(InetSocketAddress address, MemorySegment target) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address " + address);
        }
        byte[] raw = ip.getAddress();
        if (ip instanceof Inet4Address) {
            target.asSlice(0, SOCKADDR_IN.byteSize()).fill((byte) 0);
            FAMILY.set(target, 0L, (short) AF_INET);
            SIN_PORT.set(target, 0L, (short) address.getPort());
            MemorySegment.copy(raw, 0, target, ValueLayout.JAVA_BYTE, SIN_ADDR, 4);
            return (int) SOCKADDR_IN.byteSize();
        }
        target.asSlice(0, SOCKADDR_IN6.byteSize()).fill((byte) 0);
        FAMILY.set(target, 0L, (short) AF_INET6);
        SIN6_PORT.set(target, 0L, (short) address.getPort());
        SIN6_FLOWINFO.set(target, 0L, 0);
        MemorySegment.copy(raw, 0, target, ValueLayout.JAVA_BYTE, SIN6_ADDR, 16);
        SIN6_SCOPE_ID.set(target, 0L, ((Inet6Address) ip).getScopeId());
        return (int) SOCKADDR_IN6.byteSize();
    }

    /** The family stored in a sockaddr. */
    public static int family(MemorySegment source) {
        return Short.toUnsignedInt((short) FAMILY.get(source, 0L));
    }

    /** The port stored in a sockaddr_in or sockaddr_in6 (both keep it at the same offset). */
    public static int port(MemorySegment source) {
        return Short.toUnsignedInt((short) SIN_PORT.get(source, 0L));
    }

    /** The first 64 bits of an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}): all zero. */
    public static final long MAPPED_IPV4_HIGH = 0;
    /** The last 64 bits of {@code ::ffff:0.0.0.0}: an IPv4 address is ORed into its low 32 bits. */
    public static final long MAPPED_IPV4_LOW = 0xFFFF_0000_0000L;
    private static final ValueLayout.OfLong NETWORK_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt NETWORK_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /**
     * The first 64 bits of the address in a sockaddr_in or sockaddr_in6, as IPv6 (an IPv4 address as
     * {@code ::ffff:a.b.c.d}, so that a sender reads the same over either family); allocates nothing.
     */
    public static long addressHigh(MemorySegment source) {
        return family(source) == AF_INET6 ? source.get(NETWORK_LONG, SIN6_ADDR) : MAPPED_IPV4_HIGH;
    }

    /** The last 64 bits, as {@link #addressHigh}; an address of no IP family reads as {@code ::}. */
    public static long addressLow(MemorySegment source) {
        return switch (family(source)) {
            case AF_INET6 -> source.get(NETWORK_LONG, SIN6_ADDR + Long.BYTES);
            case AF_INET -> MAPPED_IPV4_LOW | Integer.toUnsignedLong(source.get(NETWORK_INT, SIN_ADDR));
            default -> 0;
        };
    }

    /** Reads a sockaddr_in or sockaddr_in6 back into an {@link InetSocketAddress}. This allocates. */
    public static InetSocketAddress read(MemorySegment source) {
        int family = family(source);
        try {
            if (family == AF_INET) {
                byte[] raw = source.asSlice(SIN_ADDR, 4).toArray(ValueLayout.JAVA_BYTE);
                return new InetSocketAddress(InetAddress.getByAddress(raw), port(source));
            }
            if (family == AF_INET6) {
                byte[] raw = source.asSlice(SIN6_ADDR, 16).toArray(ValueLayout.JAVA_BYTE);
                int scope = (int) SIN6_SCOPE_ID.get(source, 0L);
                InetAddress ip = scope == 0
                        ? InetAddress.getByAddress(raw)
                        : Inet6Address.getByAddress(null, raw, scope);
                return new InetSocketAddress(ip, port(source));
            }
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
        throw new IllegalArgumentException("not an IP socket address: family " + family);
    }
}
