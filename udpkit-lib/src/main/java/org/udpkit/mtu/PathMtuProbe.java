package org.udpkit.mtu;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.Optional;

import org.udpkit.linux.Linux;
import org.udpkit.linux.LinuxSocket;
import org.udpkit.linux.NativeSocketException;

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

    /**
     * Sends {@code size} bytes of '#' to {@code target} with fragmentation forbidden.
     *
     * @throws IllegalArgumentException when {@code size} is outside 0 to {@link #MAX_SIZE}
     * @throws IOException when the socket cannot be set up (not when the datagram is too big: that is a result)
     */
    public static BigDatagramResult sendBig(InetSocketAddress target, int size) throws IOException {
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("a datagram size must be 0-" + MAX_SIZE + " bytes, not " + size);
        }
        Optional<String> unsupported = Linux.whyUnavailable();
        if (unsupported.isPresent()) {
            return new BigDatagramResult.Unsupported(size, unsupported.get());
        }
        try (LinuxSocket socket = LinuxSocket.openUdpFor(target); Arena arena = Arena.ofConfined()) {
            boolean ipv6 = socket.family() == StandardProtocolFamily.INET6;
            socket.setInt(ipv6 ? IPPROTO_IPV6 : IPPROTO_IP, ipv6 ? IPV6_MTU_DISCOVER : IP_MTU_DISCOVER,
                    ipv6 ? IPV6_PMTUDISC_DO : IP_PMTUDISC_DO);
            socket.connect(target);
            MemorySegment data = arena.allocate(Math.max(size, 1));
            data.fill((byte) '#');
            try {
                socket.send(data, size);
                return new BigDatagramResult.Sent(size, pathMtu(socket));
            } catch (NativeSocketException e) {
                if (e.errno() != EMSGSIZE) {
                    throw e;
                }
                return new BigDatagramResult.TooBig(size, pathMtu(socket), e.getMessage());
            }
        }
    }

    /**
     * The path MTU the kernel knows for {@code target} now, without sending anything.
     *
     * @throws UnsupportedOperationException off Linux, saying why
     */
    public static int knownPathMtu(InetSocketAddress target) throws IOException {
        try (LinuxSocket socket = LinuxSocket.openUdpFor(target)) {
            socket.connect(target);
            return pathMtu(socket);
        }
    }

    private static int pathMtu(LinuxSocket socket) throws IOException {
        return socket.family() == StandardProtocolFamily.INET6
                ? socket.getInt(IPPROTO_IPV6, IPV6_MTU)
                : socket.getInt(IPPROTO_IP, IP_MTU);
    }
}
