package org.udpkit.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Enumeration;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends datagrams to a multicast group, IPv4 or IPv6, with the three settings a multicast sender has: how
 * many routers a datagram may cross (IP_MULTICAST_TTL, IPV6_MULTICAST_HOPS), which interface it leaves by
 * (IP_MULTICAST_IF), and whether this host's own members hear it too (IP_MULTICAST_LOOP).
 */
public final class MulticastSender implements AutoCloseable {
    /** The largest TTL (hop limit) an IP header holds. */
    public static final int MAX_TTL = 255;
    /** The system's default TTL for multicast: the datagram stays on the local network. */
    public static final int DEFAULT_TTL = 1;

    /** Whether members on the sending host hear what it sends (IP_MULTICAST_LOOP). */
    public enum Loopback {
        DELIVER_LOCALLY,
        NOT_LOCALLY
    }

    private final DatagramChannel channel;
    private final InetSocketAddress group;

    private MulticastSender(DatagramChannel channel, InetSocketAddress group) {
        this.channel = channel;
        this.group = group;
    }

    /**
     * A sender to {@code group} (a multicast address and a port).
     *
     * @param ttl              0 (this host only) to {@link #MAX_TTL}
     * @param networkInterface the interface to send by; empty lets the routing table choose
     * @throws IllegalArgumentException when {@code group} is not a multicast address or {@code ttl} is out of range
     */
    public static MulticastSender open(InetSocketAddress group, int ttl, Optional<NetworkInterface> networkInterface,
                                       Loopback loopback) throws IOException {
        Objects.requireNonNull(networkInterface, "networkInterface");
        Objects.requireNonNull(loopback, "loopback");
        if (group.getAddress() == null || !group.getAddress().isMulticastAddress()) {
            throw new IllegalArgumentException(group.getHostString()
                    + " is not a multicast address (IPv4 224.0.0.0 to 239.255.255.255, IPv6 ff00::/8)");
        }
        checkTtl(ttl);
        StandardProtocolFamily family = Endpoints.familyOf(group.getAddress());
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
            channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, loopback == Loopback.DELIVER_LOCALLY);
            if (networkInterface.isPresent()) {
                channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, networkInterface.get());
            }
            return new MulticastSender(channel, group);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** {@code ttl} if it is 0 to {@link #MAX_TTL}. */
    public static int checkTtl(int ttl) {
        if (ttl < 0 || ttl > MAX_TTL) {
            throw new IllegalArgumentException("a multicast TTL is 0 to " + MAX_TTL + ", not " + ttl);
        }
        return ttl;
    }

    /**
     * The interface named {@code name} if it is up; a loopback interface is taken even without the
     * MULTICAST flag, since Linux delivers multicast over it all the same.
     */
    public static NetworkInterface interfaceNamed(String name) throws SocketException {
        NetworkInterface found = NetworkInterface.getByName(name);
        if (found == null) {
            throw new IllegalArgumentException("no network interface is called " + name);
        }
        if (!found.isUp()) {
            throw new IllegalArgumentException("network interface " + name + " is down");
        }
        return found;
    }

    /**
     * Where to join a group when no interface is named: the first interface that is up, takes multicast,
     * is not loopback and has an address of the group's family; else the loopback interface.
     */
    public static NetworkInterface defaultInterface(StandardProtocolFamily family) throws SocketException {
        NetworkInterface loopback = null;
        for (Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces(); all.hasMoreElements(); ) {
            NetworkInterface candidate = all.nextElement();
            if (!candidate.isUp()) {
                continue;
            }
            if (candidate.isLoopback()) {
                loopback = loopback == null ? candidate : loopback;
            } else if (candidate.supportsMulticast() && candidate.inetAddresses()
                    .anyMatch(a -> Endpoints.familyOf(a) == family)) {
                return candidate;
            }
        }
        if (loopback == null) {
            throw new SocketException("no network interface is up to join a multicast group on");
        }
        return loopback;
    }

    /** Sends {@code data} to the group, in one datagram. */
    public void send(byte[] data) throws IOException {
        try {
            channel.send(ByteBuffer.wrap(data), group);
        } catch (IOException e) {
            throw new IOException("sending " + data.length + " bytes to multicast group " + Endpoints.format(group)
                    + ": " + e.getMessage(), e);
        }
    }

    public InetSocketAddress group() {
        return group;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
