package org.udpkit.server;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

import org.udpkit.linux.Linux;
import org.udpkit.linux.LinuxSocket;
import org.udpkit.linux.MessageVector;
import org.udpkit.linux.NativeSocketException;
import org.udpkit.linux.SocketAddressLayout;

import static org.udpkit.linux.LinuxSocketConstants.EINTR;

/**
 * Sends held replies from the batched transport's socket: a one-record {@link MessageVector} of its own
 * (the worker's vectors belong to the worker's thread), in memory of its own, freed on {@link #close()}.
 */
final class NativeHeldReplySender implements HeldReplySender {
    private final LinuxSocket socket;
    private final Arena arena = Arena.ofShared();
    private final MessageVector vector;
    private final MemorySegment callState;

    NativeHeldReplySender(LinuxSocket socket) {
        this.socket = socket;
        try {
            this.vector = MessageVector.allocate(arena, 1, org.udpkit.linux.DatagramBatch.SLOT_SIZE);
        } catch (NativeSocketException e) {
            arena.close();
            throw new IllegalStateException("cannot allocate memory to send held replies: " + e.getMessage(), e);
        }
        this.callState = Linux.allocateCallState(arena);
    }

    @Override
    public void send(ByteBuffer payload, InetSocketAddress to) throws IOException {
        int length = payload.remaining();
        vector.buffer(0).clear().put(payload);
        vector.setLength(0, length);
        int addressLength = SocketAddressLayout.write(inSocketFamily(to), vector.address(0));
        vector.setDestination(0, vector.address(0), addressLength);
        int sent;
        do {
            sent = Linux.sendmmsg(callState, socket.fd(), vector.headers(), 1, 0);
        } while (sent < 0 && Linux.errno(callState) == EINTR);
        if (sent != 1) {
            throw new NativeSocketException("sending a held reply to " + to, Linux.errno(callState));
        }
    }

    /** An IPv6 socket sends to an IPv4 sender at its mapped address, as the kernel gave it. */
    private InetSocketAddress inSocketFamily(InetSocketAddress to) throws UnknownHostException {
        if (socket.family() == StandardProtocolFamily.INET6 && to.getAddress() instanceof Inet4Address v4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(v4.getAddress(), 0, mapped, 12, 4);
            return new InetSocketAddress(Inet6Address.getByAddress(null, mapped, (NetworkInterface) null), to.getPort());
        }
        return to;
    }

    @Override
    public void close() {
        arena.close();
    }
}
