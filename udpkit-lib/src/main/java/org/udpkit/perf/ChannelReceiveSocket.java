package org.udpkit.perf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

import org.udpkit.net.Endpoints;

/**
 * The portable receiver: a JDK channel read through its socket adaptor, which has the receive timeout a plain
 * channel lacks, one datagram per receive into one reused packet. Slower than {@link BatchedReceiveSocket} by a
 * system call per datagram, and without GRO.
 */
final class ChannelReceiveSocket implements ReceiveSocket {
    private final DatagramChannel channel;
    private final DatagramSocket socket;
    private final StandardProtocolFamily family;
    private final InetSocketAddress local;
    private final byte[] buffer = new byte[SLOT_BYTES];
    private final MemorySegment datagram = MemorySegment.ofArray(buffer);
    private final DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    private volatile boolean shutdown;

    private ChannelReceiveSocket(DatagramChannel channel, StandardProtocolFamily family) throws SocketException {
        this.channel = channel;
        this.socket = channel.socket();
        this.family = family;
        this.local = (InetSocketAddress) socket.getLocalSocketAddress();
        socket.setSoTimeout((int) WAKE_EVERY.toMillis());
    }

    /** @throws UnsupportedOperationException for {@link ReceiveOffload#GRO}, which needs the native layer */
    static ChannelReceiveSocket bind(InetSocketAddress local, ReceiveOffload offload) throws IOException {
        if (offload != ReceiveOffload.NONE) {
            throw new UnsupportedOperationException(offload + " needs the Linux batched transport");
        }
        StandardProtocolFamily family = Endpoints.familyOf(local.getAddress());
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            channel.bind(local);
            return new ChannelReceiveSocket(channel, family);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public int receive() throws IOException {
        if (shutdown) {
            return -1;
        }
        packet.setLength(buffer.length);
        try {
            socket.receive(packet);
            return 1;
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            if (shutdown) {
                return -1; // closed under a blocked receive, as shutdown() does
            }
            throw new IOException("receiving datagrams on " + Endpoints.format(local) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public MemorySegment datagram(int index) {
        return datagram;
    }

    @Override
    public int length(int index) {
        return packet.getLength();
    }

    @Override
    public InetSocketAddress sender(int index) {
        return (InetSocketAddress) packet.getSocketAddress();
    }

    @Override
    public void answer(int index, byte[] message) throws IOException {
        try {
            socket.send(new DatagramPacket(message, message.length, packet.getSocketAddress()));
        } catch (java.net.PortUnreachableException e) {
            // Its sender is gone: as the batched socket ignores ECONNREFUSED.
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public StandardProtocolFamily family() {
        return family;
    }

    @Override
    public void shutdown() {
        shutdown = true;
        close(); // the only way to wake a blocked receive of a channel's socket
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Gone either way.
        }
    }
}
