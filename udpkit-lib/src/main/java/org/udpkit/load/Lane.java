package org.udpkit.load;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;

import org.udpkit.linux.Linux;
import org.udpkit.linux.LinuxSocket;
import org.udpkit.linux.MessageVector;
import org.udpkit.linux.NativeSocketException;
import org.udpkit.net.Endpoints;

import static org.udpkit.linux.LinuxSocketConstants.EAGAIN;
import static org.udpkit.linux.LinuxSocketConstants.ECONNREFUSED;
import static org.udpkit.linux.LinuxSocketConstants.EINTR;
import static org.udpkit.linux.LinuxSocketConstants.MSG_DONTWAIT;
import static org.udpkit.linux.LinuxSocketConstants.SOL_SOCKET;
import static org.udpkit.linux.LinuxSocketConstants.SO_RCVBUF;
import static org.udpkit.linux.LinuxSocketConstants.SO_SNDBUF;

/**
 * One client socket and its share of the window: each socket has its own port (so a server's
 * SO_REUSEPORT workers all get load), its own batches and its own {@link InFlight} requests, all
 * allocated once so that the hot path allocates nothing. A socket that hears nothing for a while gives up
 * on what it has in flight.
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
    private final int window;
    private final MessageVector requests;
    private final MessageVector replies;
    private final InFlight inFlight;
    private long lastHeard;

    private Lane(LinuxSocket socket, InetSocketAddress target, int window, MessageVector requests,
                 MessageVector replies) {
        this.target = target;
        this.callState = socket.callState();
        this.fd = socket.fd();
        this.window = window;
        this.requests = requests;
        this.replies = replies;
        this.inFlight = new InFlight(window);
    }

    /** Connects {@code socket} to {@code target} and fills a batch of requests of {@code payloadBytes}. */
    static Lane open(Arena arena, LinuxSocket socket, InetSocketAddress target, int window, int payloadBytes)
            throws IOException {
        trySetBuffer(socket, SO_RCVBUF);
        trySetBuffer(socket, SO_SNDBUF);
        socket.connect(target);
        int batch = Math.min(LoadGenerator.BATCH, window);
        MessageVector requests = MessageVector.allocate(arena, batch, Math.max(1, payloadBytes));
        requests.clearAddresses();
        for (int i = 0; i < batch; i++) {
            requests.slot(i).fill((byte) 'x');
            requests.setLength(i, payloadBytes);
        }
        MessageVector replies = MessageVector.allocate(arena, batch, REPLY_SLOT);
        replies.clearAddresses();
        return new Lane(socket, target, window, requests, replies);
    }

    private static void trySetBuffer(LinuxSocket socket, int option) {
        try {
            socket.setInt(SOL_SOCKET, option, SOCKET_BUFFER_BYTES);
        } catch (IOException ignored) {
            // The kernel caps the size at its maximum anyway; the default still works, only with more loss.
        }
    }

    /** How many more requests the window lets this socket send now. */
    int room() {
        return window - inFlight.count();
    }

    InFlight inFlight() {
        return inFlight;
    }

    /**
     * Sends up to {@code wanted} requests (at most one batch) and counts them; returns how many went, 0 if
     * the socket was busy or nobody listens. The caller adds them to {@link #inFlight()}.
     */
    int send(int wanted, Tally tally) throws NativeSocketException {
        int count = Math.min(wanted, requests.capacity());
        if (count <= 0) {
            return 0;
        }
        int sent = Linux.sendmmsg(callState, fd, requests.headers(), count, MSG_DONTWAIT);
        if (sent < 0) {
            return nothingDone(Linux.errno(callState), "sending requests to ", tally);
        }
        tally.countSent(sent);
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

    /** Starts the wait for a reply when the socket had nothing in flight, so that silence is timed from here. */
    void startWaitingIfIdle(long now) {
        if (inFlight.count() == 0) {
            lastHeard = now;
        }
    }

    /** Makes the reply slots ready for the next batch and restarts the wait for a reply. */
    void heardFrom(int replyCount, long now) {
        replies.prepareReceive(replyCount);
        lastHeard = now;
    }

    /** Whether the socket has requests in flight and no reply for longer than {@code lostAfterNanos}. */
    boolean silentFor(long lostAfterNanos, long now) {
        return inFlight.count() > 0 && now - lastHeard > lostAfterNanos;
    }

    /** Gives up on what is in flight, freeing the window, as the C {@code blast} does: unanswered, it counts as lost. */
    void giveUp(long now) {
        inFlight.clear();
        lastHeard = now;
    }

    /** Starts the run's clock for silence. */
    void heardAt(long now) {
        lastHeard = now;
    }
}
