package org.udpkit.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * A fixed set of sockets to wait on for input with {@code poll}, its {@code struct pollfd} array
 * allocated once, so waiting allocates nothing. Used by one thread.
 */
public final class PollSet {
    /** {@code struct pollfd { int fd; short events; short revents; }}: 8 bytes. */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("fd"),
            ValueLayout.JAVA_SHORT.withName("events"),
            ValueLayout.JAVA_SHORT.withName("revents"));

    private static final VarHandle FD = POLLFD.varHandle(groupElement("fd"));
    private static final VarHandle EVENTS = POLLFD.varHandle(groupElement("events"));
    private static final VarHandle REVENTS = POLLFD.varHandle(groupElement("revents"));

    private final MemorySegment fds;
    private final MemorySegment callState;
    private final int count;

    /** Watches {@code sockets} for input; the memory lives as long as {@code arena}. */
    public PollSet(Arena arena, LinuxSocket... sockets) {
        this.count = sockets.length;
        this.fds = arena.allocate(POLLFD, count);
        this.callState = Linux.allocateCallState(arena);
        for (int i = 0; i < count; i++) {
            long base = i * POLLFD.byteSize();
            FD.set(fds, base, sockets[i].fd());
            EVENTS.set(fds, base, (short) LinuxSocketConstants.POLLIN);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (0: do not wait) for input on any socket; returns how many have
     * some, 0 on timeout or when a signal interrupted the wait.
     */
    public int await(int timeoutMillis) throws NativeSocketException {
        int ready = Linux.poll(callState, fds, count, timeoutMillis);
        if (ready < 0) {
            int errno = Linux.errno(callState);
            if (errno == LinuxSocketConstants.EINTR) {
                return 0;
            }
            throw new NativeSocketException("waiting for datagrams", errno);
        }
        return ready;
    }

    /** Whether socket {@code index} (in the constructor's order) had input, or an error, at the last wait. */
    public boolean ready(int index) {
        return (short) REVENTS.get(fds, index * POLLFD.byteSize()) != 0;
    }
}
