package org.udpkit.load;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

import org.udpkit.linux.Linux;
import org.udpkit.linux.LinuxSocket;
import org.udpkit.linux.MessageVector;
import org.udpkit.linux.NativeSocketException;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.IdProtocol;

import static org.udpkit.linux.LinuxSocketConstants.EAGAIN;
import static org.udpkit.linux.LinuxSocketConstants.ECONNREFUSED;
import static org.udpkit.linux.LinuxSocketConstants.EINTR;
import static org.udpkit.linux.LinuxSocketConstants.MSG_DONTWAIT;
import static org.udpkit.linux.LinuxSocketConstants.SOL_SOCKET;
import static org.udpkit.linux.LinuxSocketConstants.SO_RCVBUF;
import static org.udpkit.linux.LinuxSocketConstants.SO_SNDBUF;

/**
 * One client socket and its share of the window: each socket has its own port (so a server's
 * SO_REUSEPORT workers all get load), its own batches and its own {@link RequestSlots}, all allocated once
 * so that the hot path allocates nothing. The request payloads are written once, as long as the largest
 * size; sending a request of another size only sets its record's length.
 */
final class Lane {
    /**
     * Room for any reply of the book's protocol (at most 38 bytes) with plenty to spare; a longer reply is
     * truncated and counted wrong. Small slots keep a batch's replies on a few pages, as blast's do.
     */
    private static final int REPLY_SLOT = 2048;
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;

    private final InetSocketAddress target;
    private final MemorySegment callState;
    private final int fd;
    private final int smallest;
    private final MessageVector requests;
    private final MessageVector replies;
    private final RequestSlots slots;
    /** The slot each record of {@link #requests} carries in the batch being sent. */
    private final int[] batchSlots;
    /** With the ID protocol: its reader and writer, this lane's own (it keeps scratch state). */
    private final Optional<IdProtocol> ids;
    /** With the ID protocol: slot s sends ID {@code idBase + s}, so a reply's ID names its slot. */
    private final long idBase;

    private Lane(LinuxSocket socket, InetSocketAddress target, int smallest, RequestSlots slots,
                 MessageVector requests, MessageVector replies, Optional<IdProtocol> ids) {
        this.target = target;
        this.callState = socket.callState();
        this.fd = socket.fd();
        this.smallest = smallest;
        this.slots = slots;
        this.requests = requests;
        this.replies = replies;
        this.batchSlots = new int[requests.capacity()];
        this.ids = ids;
        this.idBase = IdProtocol.newId();
    }

    /**
     * Connects {@code socket} to {@code target} and writes a batch of requests for a window of
     * {@code window}, of {@code smallest} bytes and up (one size per slot).
     */
    static Lane open(Arena arena, LinuxSocket socket, InetSocketAddress target, int window, int smallest,
                     LoadProtocol protocol) throws IOException {
        trySetBuffer(socket, SO_RCVBUF);
        trySetBuffer(socket, SO_SNDBUF);
        socket.connect(target);
        RequestSlots slots = new RequestSlots(window);
        int largest = smallest + slots.slotCount() - 1;
        MessageVector requests = MessageVector.allocate(arena, Math.min(LoadGenerator.BATCH, window), largest);
        requests.clearAddresses();
        for (int i = 0; i < requests.capacity(); i++) {
            requests.slot(i).fill((byte) 'x');
        }
        MessageVector replies = MessageVector.allocate(arena, requests.capacity(), REPLY_SLOT);
        replies.clearAddresses();
        Optional<IdProtocol> ids = switch (protocol) {
            case LoadProtocol.Book book -> Optional.empty();
            case LoadProtocol.Ids id -> Optional.of(IdProtocol.of(id.key()));
        };
        return new Lane(socket, target, smallest, slots, requests, replies, ids);
    }

    private static void trySetBuffer(LinuxSocket socket, int option) {
        try {
            socket.setInt(SOL_SOCKET, option, SOCKET_BUFFER_BYTES);
        } catch (IOException ignored) {
            // The kernel caps the size at its maximum anyway; the default still works, only with more loss.
        }
    }

    RequestSlots slots() {
        return slots;
    }

    /** Whether a slot of this socket sends requests of {@code size} bytes. */
    boolean sends(int size) {
        return size >= smallest && size - smallest < slots.slotCount();
    }

    /** The slot that sends {@code size} bytes, one that {@link #sends} it. */
    int slotOf(int size) {
        return size - smallest;
    }

    /**
     * Readies up to {@code wanted} requests (at most one batch, as many as the slots allow), each in a
     * slot of its own and of that slot's size; returns how many, for {@link #send}.
     */
    int prepare(long wanted) {
        int count = (int) Math.min(Math.min(wanted, requests.capacity()), slots.room());
        for (int i = 0; i < count; i++) {
            int slot = slots.take();
            batchSlots[i] = slot;
            requests.setLength(i, smallest + slot);
            if (ids.isPresent()) {
                writeIdRequest(ids.get(), requests.buffer(i).clear(), slot, smallest + slot);
            }
        }
        return count;
    }

    /** Header, the slot's payload (whatever bytes are there) and tag, in place: allocates nothing. */
    private void writeIdRequest(IdProtocol protocol, ByteBuffer out, int slot, int size) {
        int start = protocol.start(out, IdProtocol.Kind.REQUEST, idBase + slot, 1);
        out.position(start + size - (protocol.overhead() - IdProtocol.HEADER_BYTES));
        protocol.finish(out, start);
    }

    /** With the ID protocol: the reader and writer of its datagrams. */
    Optional<IdProtocol> ids() {
        return ids;
    }

    /** With the ID protocol: whether a reply's ID names one of this lane's slots. */
    boolean sendsId(long id) {
        long slot = id - idBase;
        return slot >= 0 && slot < slots.slotCount();
    }

    /** The slot that sends {@code id}, one that {@link #sendsId} it. */
    int slotOfId(long id) {
        return (int) (id - idBase);
    }

    /**
     * Sends the {@code prepared} requests, reading the clock just before the call; the ones that went are
     * in flight from when {@code start} says, the others give their slots back. Returns how many went, 0
     * if the socket was busy or nobody listens.
     */
    int send(int prepared, RoundTripStart start, Tally tally) throws NativeSocketException {
        long beforeSend = System.nanoTime();
        int sent = Linux.sendmmsg(callState, fd, requests.headers(), prepared, MSG_DONTWAIT);
        if (sent < 0) {
            sent = nothingDone(Linux.errno(callState), "sending requests to ", tally);
        }
        boolean timed = tally.timing();
        for (int i = 0; i < sent; i++) {
            slots.launch(batchSlots[i], start.startOf(i, beforeSend), timed);
        }
        for (int i = prepared - 1; i >= sent; i--) {
            slots.putBack(batchSlots[i]);
        }
        tally.countSent(sent, timed);
        return sent;
    }

    /** Receives a batch of replies into {@link #replies()}; returns how many, 0 if none or nobody listens. */
    int receive(Tally tally) throws NativeSocketException {
        int count = Linux.recvmmsg(callState, fd, replies.headers(), replies.capacity(), MSG_DONTWAIT,
                MemorySegment.NULL);
        return count >= 0 ? count : nothingDone(Linux.errno(callState), "receiving replies from ", tally);
    }

    /** A refusal is counted and an interrupted or empty call is retried later; anything else ends the run. */
    private int nothingDone(int errno, String doing, Tally tally) throws NativeSocketException {
        if (errno == ECONNREFUSED) {
            tally.countRefused();
            return 0;
        }
        if (errno == EAGAIN || errno == EINTR) {
            return 0;
        }
        throw new NativeSocketException(doing + Endpoints.format(target), errno);
    }

    MessageVector replies() {
        return replies;
    }

    /**
     * Counts as lost every request in flight for {@code timeoutNanos} or more at {@code now}, and frees the
     * slots of those that timed out a timeout ago: their late replies are no longer expected.
     */
    void timeOut(long now, long timeoutNanos, Tally tally) {
        long cutoff = now - timeoutNanos;
        while (slots.oldestStartedBy(cutoff)) {
            tally.countLost(slots.timed(slots.timeOutOldest(now)));
        }
        slots.freeTimedOutBy(cutoff);
    }
}
