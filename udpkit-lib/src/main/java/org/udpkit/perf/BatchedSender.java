package org.udpkit.perf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.concurrent.locks.LockSupport;

import org.udpkit.linux.Linux;
import org.udpkit.linux.LinuxSocket;
import org.udpkit.linux.LinuxSocketConstants;
import org.udpkit.linux.MessageVector;
import org.udpkit.linux.NativeSocketException;

/**
 * Sends one test's data datagrams with {@code sendmmsg}, {@value #BATCH} per call as the C yardstick does, over a
 * socket connected to the receiver. Each slot's fixed header is written once; per datagram only the sequence and
 * the send time are stamped, so sending allocates nothing.
 */
public final class BatchedSender implements AutoCloseable {
    /** Datagrams per system call, as {@code oneway.c} sends them. */
    public static final int BATCH = 64;
    /** As much as the yardstick asks for: enough for a whole batch of the largest datagrams. */
    private static final int SEND_BUFFER_BYTES = 8 << 20;
    /** Below this wait the sender spins: parking overshoots by tens of microseconds. */
    private static final long SPIN_BELOW_NANOS = 50_000;
    /** A paced sender gathers this long's worth of tokens (up to a batch) per call, to save system calls. */
    private static final long GATHER_NANOS = 200_000;
    /** A paced sender late by up to this long catches up (a batch per call); later than that, the credit is lost. */
    private static final double CATCH_UP_SECONDS = 0.05;

    private final Arena arena;
    private final LinuxSocket socket;
    private final MessageVector vector;
    private final TestSettings test;
    private long refused;

    private BatchedSender(Arena arena, LinuxSocket socket, MessageVector vector, TestSettings test) {
        this.arena = arena;
        this.socket = socket;
        this.vector = vector;
        this.test = test;
    }

    /**
     * A sender for {@code test}, connected to {@code receiver}.
     *
     * @throws UnsupportedOperationException when the C library cannot be called from here
     */
    public static BatchedSender open(InetSocketAddress receiver, TestSettings test) throws IOException {
        Linux.ensureAvailable();
        LinuxSocket socket = LinuxSocket.openUdpFor(receiver);
        Arena arena = Arena.ofShared();
        try {
            socket.setInt(LinuxSocketConstants.SOL_SOCKET, LinuxSocketConstants.SO_SNDBUF, SEND_BUFFER_BYTES);
            socket.connect(receiver);
            MessageVector vector = MessageVector.allocate(arena, BATCH, test.size());
            vector.clearAddresses();
            for (int i = 0; i < BATCH; i++) {
                PerfWire.writeHeader(vector.slot(i), PerfWire.Kind.DATA, test.streamId());
                vector.setLength(i, test.size());
            }
            return new BatchedSender(arena, socket, vector, test);
        } catch (IOException | RuntimeException e) {
            socket.close();
            arena.close();
            throw e;
        }
    }

    /** Sends for the test's duration at its rate, reporting intervals as they end; returns what was sent. */
    public SendSummary run(Intervals intervals) throws IOException {
        long start = System.nanoTime();
        long end = start + test.duration().toNanos();
        Intervals.Clock clock = new Intervals.Clock(intervals, start);
        Gate gate = switch (test.rate()) {
            case Rate.Max max -> new Gate.Open();
            case Rate.PerSecond perSecond -> new TokenBucket(perSecond,
                    Math.clamp((long) (perSecond.datagrams() * CATCH_UP_SECONDS), BATCH, Integer.MAX_VALUE), start);
        };
        int gather = switch (test.rate()) {
            case Rate.Max max -> BATCH;
            case Rate.PerSecond perSecond -> Math.clamp((long) (perSecond.datagrams() * GATHER_NANOS / 1e9), 1, BATCH);
        };
        int size = test.size();
        long sequence = 0;
        long now = start;
        while (now < end) {
            int count = gate.take(now, BATCH);
            if (count == 0) {
                waitFor(gate.nanosUntil(gather), end);
                now = System.nanoTime();
                continue;
            }
            for (int i = 0; i < count; i++) {
                PerfWire.stamp(vector.slot(i), sequence + i, now);
            }
            sequence += send(count);
            now = System.nanoTime();
            clock.tick(now, sequence, sequence * size);
        }
        clock.finish(now, sequence, sequence * size);
        return new SendSummary(sequence, sequence * size, now - start, refused);
    }

    /**
     * Hands {@code count} stamped slots to the kernel, resending what a partial send left; returns how many went.
     * A refusal or a full queue ends the attempt early: the caller tries again, within the test's time.
     */
    private int send(int count) throws NativeSocketException {
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
                throw socket.failure("sending " + (count - done) + " datagrams");
            }
        }
        return done;
    }

    private static void waitFor(long nanos, long end) {
        long until = Math.min(System.nanoTime() + nanos, end);
        long left = until - System.nanoTime();
        if (left > SPIN_BELOW_NANOS) {
            LockSupport.parkNanos(left - SPIN_BELOW_NANOS / 2);
        }
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** The socket's own address (the client's port). */
    public InetSocketAddress localAddress() throws IOException {
        return socket.localAddress();
    }

    @Override
    public void close() {
        socket.close();
        arena.close();
    }

    /** For tests: the first slot, to see what is sent. */
    MemorySegment slot(int index) {
        return vector.slot(index);
    }
}
