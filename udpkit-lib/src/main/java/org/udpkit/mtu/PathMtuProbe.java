package org.udpkit.mtu;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;

import org.udpkit.linux.Linux;
import org.udpkit.linux.LinuxSocket;
import org.udpkit.linux.NativeSocketException;

import static org.udpkit.linux.LinuxSocketConstants.AF_INET6;
import static org.udpkit.linux.LinuxSocketConstants.EMSGSIZE;
import static org.udpkit.linux.LinuxSocketConstants.IPPROTO_IP;
import static org.udpkit.linux.LinuxSocketConstants.IPPROTO_IPV6;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_MTU;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_MTU_DISCOVER;
import static org.udpkit.linux.LinuxSocketConstants.IPV6_PMTUDISC_DO;
import static org.udpkit.linux.LinuxSocketConstants.IP_MTU;
import static org.udpkit.linux.LinuxSocketConstants.IP_MTU_DISCOVER;
import static org.udpkit.linux.LinuxSocketConstants.IP_PMTUDISC_DO;

/**
 * big_sender.py as a library: a socket with path-MTU discovery forced on (don't fragment), connected to
 * the destination, sends one datagram; when the kernel refuses it as too long, {@code IP_MTU} tells the
 * MTU it knows for the path. Linux only: other systems lack IP_MTU.
 */
public final class PathMtuProbe {
    /** big_sender.py's size: far past anything that fits, so it always shows the limit. */
    public static final int BOOK_SIZE = 999_999;
    /** The largest datagram we will build: far past UDP's 65,507, enough for any demonstration. */
    public static final int MAX_SIZE = 16 << 20;

    private PathMtuProbe() {
    }

    public static boolean isSupported() {
        return Linux.isAvailable();
    }

    /** big_sender.py's words when it cannot run, and why. */
    public static String unsupportedMessage() {
        return "Unsupported: Can only perform MTU discovery on Linux (" + Linux.unavailableReason() + ")";
    }

    /**
     * Sends {@code size} bytes of '#' to {@code target} with fragmentation forbidden.
     *
     * @throws UnsupportedOperationException when not on Linux
     * @throws IOException when the socket cannot be set up (not when the datagram is too big: that is a result)
     */
    public static BigDatagramResult sendBig(InetSocketAddress target, int size) throws IOException {
        if (!isSupported()) {
            throw new UnsupportedOperationException(unsupportedMessage());
        }
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("a datagram size must be 0-" + MAX_SIZE + " bytes, not " + size);
        }
        try (LinuxSocket socket = LinuxSocket.openUdpFor(target); Arena arena = Arena.ofConfined()) {
            boolean ipv6 = socket.family() == AF_INET6;
            socket.setInt(ipv6 ? IPPROTO_IPV6 : IPPROTO_IP, ipv6 ? IPV6_MTU_DISCOVER : IP_MTU_DISCOVER,
                    ipv6 ? IPV6_PMTUDISC_DO : IP_PMTUDISC_DO);
            socket.connect(target);
            MemorySegment data = arena.allocate(Math.max(size, 1));
            data.fill((byte) '#');
            String error = null;
            boolean sent;
            try {
                socket.send(data, size);
                sent = true;
            } catch (NativeSocketException e) {
                if (e.errno() != EMSGSIZE) {
                    throw e;
                }
                sent = false;
                error = e.getMessage();
            }
            int mtu = socket.getInt(ipv6 ? IPPROTO_IPV6 : IPPROTO_IP, ipv6 ? IPV6_MTU : IP_MTU);
            return new BigDatagramResult(size, sent, mtu, error);
        }
    }

    /** The path MTU the kernel knows for {@code target} now, without sending anything. */
    public static int knownPathMtu(InetSocketAddress target) throws IOException {
        if (!isSupported()) {
            throw new UnsupportedOperationException(unsupportedMessage());
        }
        try (LinuxSocket socket = LinuxSocket.openUdpFor(target)) {
            boolean ipv6 = socket.family() == AF_INET6;
            socket.connect(target);
            return socket.getInt(ipv6 ? IPPROTO_IPV6 : IPPROTO_IP, ipv6 ? IPV6_MTU : IP_MTU);
        }
    }
}
