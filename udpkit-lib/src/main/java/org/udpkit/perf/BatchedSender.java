package org.udpkit.perf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

import org.udpkit.linux.Linux;
import org.udpkit.linux.LinuxSocket;
import org.udpkit.linux.LinuxSocketConstants;
import org.udpkit.linux.MessageVector;
import org.udpkit.linux.NativeSocketException;
import org.udpkit.server.TransportKind;

/**
 * Sends one test's data datagrams with {@code sendmmsg}, {@value #BATCH} messages per call as the C yardstick does,
 * over a socket connected to the receiver. Without offload a message is one datagram; with {@link SendOffload#GSO}
 * a message holds up to {@value #MAX_SEGMENTS} datagrams back to back, which the kernel sends as separate datagrams
 * ({@code UDP_SEGMENT}, set once on the socket). Each datagram's fixed header is written once; per datagram only
 * the sequence and the send time are stamped, so sending allocates nothing.
 */
public final class BatchedSender implements PerfSender {
    /** Datagrams per system call, as {@code oneway.c} sends them. */
    public static final int BATCH = 64;
    /** Datagrams per GSO message: the kernel's UDP_MAX_SEGMENTS (64 before Linux 6.9, 128 since). */
    public static final int MAX_SEGMENTS = 64;
    /** As much as the yardstick asks for: enough for a whole batch of the largest datagrams. */
    private static final int SEND_BUFFER_BYTES = 8 << 20;

    private final Arena arena;
    private final LinuxSocket socket;
    private final MessageVector vector;
    private final TestSettings test;
    /** Datagrams per message: 1 without offload. */
    private final int segments;
    private long refused;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BatchedSender(Arena arena, LinuxSocket socket, MessageVector vector, TestSettings test, int segments) {
        this.arena = arena;
        this.socket = socket;
        this.vector = vector;
        this.test = test;
        this.segments = segments;
    }

    /** A sender for {@code test}, connected to {@code receiver}, without offload. */
    public static BatchedSender open(InetSocketAddress receiver, TestSettings test) throws IOException {
        return open(receiver, test, SendOffload.NONE);
    }

    /**
     * A sender for {@code test}, connected to {@code receiver}, handing datagrams to the kernel as {@code offload}
     * says.
     *
     * @throws UnsupportedOperationException when the C library cannot be called from here
     */
    public static BatchedSender open(InetSocketAddress receiver, TestSettings test, SendOffload offload)
            throws IOException {
        Linux.ensureAvailable();
        int size = test.size();
        // A GSO message is one UDP datagram to the stack until it is cut, so it too must fit in 65,507 bytes.
        int segments = offload == SendOffload.GSO ? Math.clamp(PerfWire.MAX_DATAGRAM / size, 1, MAX_SEGMENTS) : 1;
        LinuxSocket socket = LinuxSocket.openUdpFor(receiver);
        Arena arena = Arena.ofShared();
        try {
            socket.setInt(LinuxSocketConstants.SOL_SOCKET, LinuxSocketConstants.SO_SNDBUF, SEND_BUFFER_BYTES);
            if (segments > 1) {
                socket.setInt(LinuxSocketConstants.IPPROTO_UDP, LinuxSocketConstants.UDP_SEGMENT, size);
            }
            socket.connect(receiver);
            MessageVector vector = MessageVector.allocate(arena, BATCH, segments * size);
            vector.clearAddresses();
            for (int i = 0; i < BATCH; i++) {
                for (int s = 0; s < segments; s++) {
                    PerfWire.writeHeader(vector.slot(i).asSlice((long) s * size), PerfWire.Kind.DATA, test.streamId());
                }
                vector.setLength(i, segments * size);
            }
            return new BatchedSender(arena, socket, vector, test, segments);
        } catch (IOException | RuntimeException e) {
            socket.close();
            arena.close();
            throw e;
        }
    }

    @Override
    public SendSummary run(Intervals intervals) throws IOException {
        return SendLoop.run(test, intervals, new SendLoop.Outlet() {
            @Override
            public int perCall() {
                return BATCH * segments;
            }

            @Override
            public int send(long first, int count, long nowNanos) throws IOException {
                int size = test.size();
                for (int i = 0; i < count; i++) {
                    PerfWire.stamp(vector.slot(i / segments), (long) (i % segments) * size, first + i, nowNanos);
                }
                int messages = (count + segments - 1) / segments;
                // Every message full but the last, which carries what is left.
                for (int m = 0; m < messages; m++) {
                    vector.setLength(m, Math.min(segments, count - m * segments) * size);
                }
                return (int) Math.min((long) sendMessages(messages) * segments, count);
            }

            @Override
            public long refused() {
                return refused;
            }
        });
    }

    @Override
    public TransportKind transport() {
        return TransportKind.LINUX_BATCHED;
    }

    /**
     * Hands {@code count} stamped messages to the kernel, resending what a partial send left; returns how many went.
     * A refusal or a full queue ends the attempt early: the caller tries again, within the test's time.
     */
    private int sendMessages(int count) throws NativeSocketException {
        int done = 0;
        while (done < count) {
            int sent = Linux.sendmmsg(socket.callState(), socket.fd(), vector.headersFrom(done), count - done, 0);
            if (sent >= 0) {
                done += sent;
                continue;
            }
            int errno = Linux.errno(socket.callState());
            if (errno == LinuxSocketConstants.ECONNREFUSED) {
                refused++;
                return done;
            }
            if (errno == LinuxSocketConstants.ENOBUFS || errno == LinuxSocketConstants.EAGAIN) {
                return done;
            }
            if (errno != LinuxSocketConstants.EINTR) {
                throw socket.failure("sending " + (count - done) + " messages of " + segments + " datagrams");
            }
        }
        return done;
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
        return socket.localAddress();
    }

    @Override
    public void close() {
        // Once only: the arena would throw on a second close.
        if (closed.compareAndSet(false, true)) {
            socket.close();
            arena.close();
        }
    }

    /** For tests: datagram {@code index} as it is laid out to be sent (its message's segment). */
    MemorySegment datagram(int index) {
        return vector.slot(index / segments).asSlice((long) (index % segments) * test.size(), test.size());
    }

    /** Datagrams per message: 1 without offload. */
    int segments() {
        return segments;
    }
}
