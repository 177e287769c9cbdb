package org.udpkit.perf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.concurrent.atomic.AtomicBoolean;

import org.udpkit.linux.Linux;
import org.udpkit.linux.LinuxSocket;
import org.udpkit.linux.LinuxSocketConstants;
import org.udpkit.linux.MessageVector;
import org.udpkit.linux.SocketAddressLayout;

/** {@code recvmmsg} of {@value #BATCH}, as the C yardstick's sink reads; arrivals are timed once per batch. */
final class BatchedReceiveSocket implements ReceiveSocket {
    static final int BATCH = 64;

    private final LinuxSocket socket;
    private final Arena arena;
    private final MessageVector received;
    private final MessageVector reply;
    private final AtomicBoolean closed = new AtomicBoolean();
    private int used = BATCH;

    private BatchedReceiveSocket(LinuxSocket socket, Arena arena) throws IOException {
        this.socket = socket;
        this.arena = arena;
        this.received = MessageVector.allocate(arena, BATCH, SLOT_BYTES);
        this.reply = MessageVector.allocate(arena, 1, PerfWire.RESULTS_BYTES);
    }

    /** @throws UnsupportedOperationException when the C library cannot be called from here */
    static BatchedReceiveSocket bind(InetSocketAddress local, ReceiveOffload offload) throws IOException {
        Linux.ensureAvailable();
        LinuxSocket socket = LinuxSocket.openUdpFor(local);
        Arena arena = Arena.ofShared();
        try {
            socket.setInt(LinuxSocketConstants.SOL_SOCKET, LinuxSocketConstants.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            if (offload == ReceiveOffload.GRO) {
                socket.setInt(LinuxSocketConstants.IPPROTO_UDP, LinuxSocketConstants.UDP_GRO, 1);
            }
            socket.setReceiveTimeout(WAKE_EVERY);
            socket.bind(local);
            return new BatchedReceiveSocket(socket, arena);
        } catch (IOException | RuntimeException e) {
            socket.close();
            arena.close();
            throw e;
        }
    }

    @Override
    public int receive() throws IOException {
        received.prepareReceive(used);
        int count = Linux.recvmmsg(socket.callState(), socket.fd(), received.headers(), BATCH,
                LinuxSocketConstants.MSG_WAITFORONE, MemorySegment.NULL);
        if (count < 0) {
            int errno = Linux.errno(socket.callState());
            if (errno != LinuxSocketConstants.EAGAIN && errno != LinuxSocketConstants.EINTR) {
                throw socket.failure("receiving datagrams");
            }
            used = 0;
            return 0;
        }
        if (count == 0) {
            return -1; // shut down: one empty record with no sender
        }
        used = count;
        return count;
    }

    @Override
    public MemorySegment datagram(int index) {
        return received.slot(index);
    }

    @Override
    public int length(int index) {
        return received.length(index);
    }

    @Override
    public InetSocketAddress sender(int index) {
        return SocketAddressLayout.read(received.address(index));
    }

    @Override
    public void answer(int index, byte[] message) throws IOException {
        MemorySegment.copy(message, 0, reply.slot(0), ValueLayout.JAVA_BYTE, 0, message.length);
        reply.setLength(0, message.length);
        reply.setDestination(0, received.address(index), received.addressLength(index));
        if (Linux.sendmmsg(socket.callState(), socket.fd(), reply.headers(), 1, 0) < 0) {
            int errno = Linux.errno(socket.callState());
            if (errno != LinuxSocketConstants.ECONNREFUSED) {
                throw socket.failure("answering " + sender(index));
            }
        }
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
        return socket.localAddress();
    }

    @Override
    public StandardProtocolFamily family() {
        return socket.family();
    }

    @Override
    public void shutdown() {
        socket.shutdownInput();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            socket.close();
            arena.close();
        }
    }
}
