package org.udpkit.client;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

import org.udpkit.linux.Linux;
import org.udpkit.linux.LinuxSocket;
import org.udpkit.linux.MessageVector;
import org.udpkit.linux.NativeSocketException;
import org.udpkit.linux.PollSet;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.LengthProtocol;

import static org.udpkit.linux.LinuxSocketConstants.EAGAIN;
import static org.udpkit.linux.LinuxSocketConstants.ECONNREFUSED;
import static org.udpkit.linux.LinuxSocketConstants.EINTR;
import static org.udpkit.linux.LinuxSocketConstants.MSG_DONTWAIT;
import static org.udpkit.linux.LinuxSocketConstants.SOL_SOCKET;
import static org.udpkit.linux.LinuxSocketConstants.SO_RCVBUF;
import static org.udpkit.linux.LinuxSocketConstants.SO_SNDBUF;

/**
 * A load generator for servers of the book's protocol, on the same batched native layer as the server
 * ({@link MessageVector}, {@code sendmmsg}/{@code recvmmsg}, one thread): a closed loop that keeps
 * {@code window} requests in flight, or an open loop that sends {@code rate} requests per second
 * whatever comes back. Every reply is checked ({@code Your data was N bytes long} with N the request's
 * size) and its round-trip time handed to a {@link RttRecorder}.
 *
 * <p>Round trips are matched to requests first-in first-out per socket, which is exact on loopback
 * where a socket's datagrams stay in order. In the open loop a request's clock starts when it was due,
 * not when it could be sent, so a stalled server shows in the percentiles (no coordinated omission).
 * A socket that gets no reply for {@link #LOST_AFTER} gives up on what it has in flight, as the C
 * {@code blast} does. Linux only.
 */
public final class LoadGenerator {
    /** Datagrams per system call. */
    public static final int BATCH = 64;
    /** How long a socket waits for any reply before it counts its requests in flight as lost. */
    public static final Duration LOST_AFTER = Duration.ofMillis(200);

    /**
     * Room for any reply of the book's protocol (at most 38 bytes) with plenty to spare; a longer reply is
     * truncated and counted wrong. Small slots keep a batch's replies on a few pages, as blast's do.
     */
    private static final int REPLY_SLOT = 2048;
    private static final int POLL_MILLIS = 50;
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    /** Where round-trip times go; called on the generator's thread, so it need not be thread-safe. */
    @FunctionalInterface
    public interface RttRecorder {
        RttRecorder NONE = nanos -> { };

        void record(long nanos);
    }

    /** Told how the run goes, every {@link Settings#progressInterval()}, on the generator's thread. */
    @FunctionalInterface
    public interface ProgressListener {
        ProgressListener NONE = progress -> { };

        void progress(Progress progress);
    }

    /**
     * @param target           the server
     * @param window           requests in flight at most, in all (spread over the sockets)
     * @param payloadBytes     request size, 0 to 65,507
     * @param duration         the timed part
     * @param warmup           load before the timed part, neither counted in the rate nor recorded
     * @param rate             requests per second in all for an open loop; 0 for a closed loop
     * @param sockets          client sockets, each with its own port (a server's SO_REUSEPORT workers
     *                         are chosen by the sender's address and port, so one socket reaches one)
     * @param progressInterval how often to call the {@link ProgressListener}
     */
    public record Settings(InetSocketAddress target, int window, int payloadBytes, Duration duration,
                           Duration warmup, double rate, int sockets, Duration progressInterval) {
        public Settings {
            Objects.requireNonNull(target, "target");
            if (target.isUnresolved()) {
                throw new IllegalArgumentException("unresolved target " + target);
            }
            if (sockets < 1 || sockets > 1024) {
                throw new IllegalArgumentException("sockets must be 1 to 1024, not " + sockets);
            }
            if (window < sockets) {
                throw new IllegalArgumentException("the window (" + window + ") must be at least one per socket ("
                        + sockets + ")");
            }
            if (payloadBytes < 0 || payloadBytes > 65_507) {
                throw new IllegalArgumentException("a request is 0 to 65,507 bytes, not " + payloadBytes);
            }
            if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
                throw new IllegalArgumentException("the duration must be positive and the warm-up not negative");
            }
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("the rate must be 0 (closed loop) or positive, not " + rate);
            }
            if (progressInterval.isNegative() || progressInterval.isZero()) {
                throw new IllegalArgumentException("the progress interval must be positive");
            }
        }

        /** A closed loop of {@code window} over one socket for {@code duration}, no warm-up. */
        public static Settings closedLoop(InetSocketAddress target, int window, int payloadBytes, Duration duration) {
            return new Settings(target, window, payloadBytes, duration, Duration.ZERO, 0, 1, Duration.ofSeconds(1));
        }

        public boolean openLoop() {
            return rate > 0;
        }
    }

    /** A progress report: the counts so far, and the reply rate since the previous report. */
    public record Progress(boolean warmingUp, double elapsedSeconds, long sent, long received,
                           double recentRepliesPerSecond) {
    }

    /**
     * What a run did.
     *
     * @param sent        requests sent in the timed part
     * @param received    replies received in the timed part
     * @param seconds     length of the timed part
     * @param sentTotal   requests sent in all, warm-up included
     * @param lostTotal   requests of the whole run never answered, after a short wait at the end
     * @param wrongTotal  replies that were not the book's answer for the request's size
     * @param refused     times the system reported nobody listening at the target (ICMP port unreachable)
     */
    public record Result(long sent, long received, double seconds, long sentTotal, long lostTotal, long wrongTotal,
                         long refused) {
        public double repliesPerSecond() {
            return received / seconds;
        }

        /** The fraction of all requests lost, 0 to 1. */
        public double lossRatio() {
            return sentTotal == 0 ? 0 : (double) lostTotal / sentTotal;
        }
    }

    private final Settings settings;
    private final RttRecorder rtt;
    private final ProgressListener progress;

    private LoadGenerator(Settings settings, RttRecorder rtt, ProgressListener progress) {
        this.settings = settings;
        this.rtt = rtt;
        this.progress = progress;
    }

    /** Runs the load described by {@code settings} on the calling thread and returns what it measured. */
    public static Result run(Settings settings, RttRecorder rtt, ProgressListener progress) throws IOException {
        Linux.ensureAvailable();
        return new LoadGenerator(settings, Objects.requireNonNull(rtt), Objects.requireNonNull(progress)).run();
    }

    /** One client socket with its batches and the send times of what it has in flight. */
    private static final class Lane {
        final LinuxSocket socket;
        final MemorySegment callState;
        final int fd;
        final int window;
        final MessageVector requests;
        final MessageVector replies;
        final long[] sentAt;
        final int mask;
        int oldest;
        int inFlight;
        long lastHeard;

        Lane(LinuxSocket socket, int window, MessageVector requests, MessageVector replies) {
            this.socket = socket;
            this.callState = socket.callState();
            this.fd = socket.fd();
            this.window = window;
            this.requests = requests;
            this.replies = replies;
            this.sentAt = new long[Integer.highestOneBit(Math.max(1, window - 1)) << 1];
            this.mask = sentAt.length - 1;
        }
    }

    private long sentTotal;
    private long receivedTotal;
    private long wrongTotal;
    private long refused;
    private boolean recording;

    private Result run() throws IOException {
        int sockets = settings.sockets();
        LinuxSocket[] opened = new LinuxSocket[sockets];
        try (Arena arena = Arena.ofConfined()) {
            Lane[] lanes = new Lane[sockets];
            for (int i = 0; i < sockets; i++) {
                opened[i] = LinuxSocket.openUdpFor(settings.target());
                lanes[i] = openLane(arena, opened[i], settings.window() / sockets + (i < settings.window() % sockets ? 1 : 0));
            }
            return drive(lanes, new PollSet(arena, opened));
        } finally {
            for (LinuxSocket socket : opened) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    private Lane openLane(Arena arena, LinuxSocket socket, int window) throws IOException {
        trySetBuffer(socket, SO_RCVBUF);
        trySetBuffer(socket, SO_SNDBUF);
        socket.connect(settings.target());
        int batch = Math.min(BATCH, window);
        MessageVector requests = MessageVector.allocate(arena, batch, Math.max(1, settings.payloadBytes()));
        requests.clearAddresses();
        for (int i = 0; i < batch; i++) {
            requests.slot(i).fill((byte) 'x');
            requests.setLength(i, settings.payloadBytes());
        }
        MessageVector replies = MessageVector.allocate(arena, batch, REPLY_SLOT);
        replies.clearAddresses();
        return new Lane(socket, window, requests, replies);
    }

    private static void trySetBuffer(LinuxSocket socket, int option) {
        try {
            socket.setInt(SOL_SOCKET, option, SOCKET_BUFFER_BYTES);
        } catch (IOException ignored) {
            // The kernel caps the size at its maximum anyway; the default still works, only with more loss.
        }
    }

    private Result drive(Lane[] lanes, PollSet poll) throws IOException {
        long start = System.nanoTime();
        long warmupEnd = start + settings.warmup().toNanos();
        long end = warmupEnd + settings.duration().toNanos();
        long progressEvery = settings.progressInterval().toNanos();
        long nextProgress = start + progressEvery;
        long lastProgressAt = start;
        long lastProgressReceived = 0;
        long timedStart = start;
        long sentBefore = 0;
        long receivedBefore = 0;
        recording = warmupEnd == start;
        double nanosPerRequest = settings.openLoop() ? NANOS_PER_SECOND / settings.rate() : 0;
        long scheduled = 0;
        int nextLane = 0;
        for (Lane lane : lanes) {
            lane.lastHeard = start;
        }
        long now = start;
        while (now < end) {
            if (!recording && now >= warmupEnd) {
                recording = true;
                timedStart = now;
                sentBefore = sentTotal;
                receivedBefore = receivedTotal;
            }
            if (now >= nextProgress) {
                double seconds = (now - lastProgressAt) / (double) NANOS_PER_SECOND;
                progress.progress(new Progress(!recording, (now - start) / (double) NANOS_PER_SECOND,
                        sentTotal, receivedTotal, (receivedTotal - lastProgressReceived) / seconds));
                lastProgressAt = now;
                lastProgressReceived = receivedTotal;
                nextProgress = now + progressEvery;
            }
            int waitMillis = POLL_MILLIS;
            if (settings.openLoop()) {
                long due = (long) ((now - start) / nanosPerRequest) + 1 - scheduled;
                for (int tried = 0; due > 0 && tried < lanes.length; tried++) {
                    Lane lane = lanes[nextLane];
                    nextLane = nextLane + 1 == lanes.length ? 0 : nextLane + 1;
                    int count = send(lane, (int) Math.min(due, lane.window - lane.inFlight), now, start, scheduled,
                            nanosPerRequest);
                    scheduled += count;
                    due -= count;
                }
                long nextDue = start + (long) (scheduled * nanosPerRequest);
                waitMillis = (int) Math.min(POLL_MILLIS, Math.max(0, (nextDue - System.nanoTime()) / NANOS_PER_MILLI));
            } else {
                for (Lane lane : lanes) {
                    while (lane.inFlight < lane.window && send(lane, lane.window - lane.inFlight, now, 0, 0, 0) > 0) {
                        // keep filling the window
                    }
                }
            }
            int ready = poll.await(waitMillis);
            now = System.nanoTime();
            for (int i = 0; i < lanes.length; i++) {
                Lane lane = lanes[i];
                if (ready > 0 && poll.ready(i)) {
                    receive(lane, now);
                } else if (lane.inFlight > 0 && now - lane.lastHeard > LOST_AFTER.toNanos()) {
                    lane.inFlight = 0;
                    lane.lastHeard = now;
                }
            }
        }
        long timedEnd = now;
        long sent = sentTotal - sentBefore;
        long received = receivedTotal - receivedBefore;
        recording = false;
        drain(lanes, poll, end + LOST_AFTER.toNanos());
        return new Result(sent, received, (timedEnd - timedStart) / (double) NANOS_PER_SECOND, sentTotal,
                Math.max(0, sentTotal - receivedTotal), wrongTotal, refused);
    }

    /**
     * Sends up to {@code wanted} requests (at most one batch) on {@code lane}; returns how many went. In
     * the open loop request k's clock starts at {@code origin + k * nanosPerRequest}, when it was due.
     */
    private int send(Lane lane, int wanted, long now, long origin, long firstIndex, double nanosPerRequest)
            throws NativeSocketException {
        int count = Math.min(wanted, lane.requests.capacity());
        if (count <= 0) {
            return 0;
        }
        int sent = Linux.sendmmsg(lane.callState, lane.fd, lane.requests.headers(), count, MSG_DONTWAIT);
        if (sent < 0) {
            int errno = Linux.errno(lane.callState);
            if (errno == ECONNREFUSED) {
                refused++;
                return 0;
            }
            if (errno == EAGAIN || errno == EINTR) {
                return 0;
            }
            throw new NativeSocketException("sending requests to " + Endpoints.format(settings.target()), errno);
        }
        // As blast does, a closed-loop round trip starts when the send returns.
        long sentAt = nanosPerRequest == 0 ? System.nanoTime() : now;
        if (lane.inFlight == 0) {
            lane.lastHeard = sentAt;
        }
        for (int i = 0; i < sent; i++) {
            long stamp = nanosPerRequest == 0 ? sentAt : origin + (long) ((firstIndex + i) * nanosPerRequest);
            lane.sentAt[(lane.oldest + lane.inFlight) & lane.mask] = stamp;
            lane.inFlight++;
        }
        sentTotal += sent;
        return sent;
    }

    private void receive(Lane lane, long now) throws NativeSocketException {
        MessageVector replies = lane.replies;
        int count = Linux.recvmmsg(lane.callState, lane.fd, replies.headers(), replies.capacity(), MSG_DONTWAIT,
                MemorySegment.NULL);
        if (count < 0) {
            int errno = Linux.errno(lane.callState);
            if (errno == ECONNREFUSED) {
                refused++;
                return;
            }
            if (errno == EAGAIN || errno == EINTR) {
                return;
            }
            throw new NativeSocketException("receiving replies from " + Endpoints.format(settings.target()), errno);
        }
        int expected = settings.payloadBytes();
        for (int i = 0; i < count; i++) {
            ByteBuffer reply = replies.buffer(i).clear().limit(replies.length(i));
            if (replies.truncated(i) || LengthProtocol.parseReply(reply) != expected) {
                wrongTotal++;
            }
            if (lane.inFlight > 0) {
                if (recording) {
                    rtt.record(now - lane.sentAt[lane.oldest]);
                }
                lane.oldest = (lane.oldest + 1) & lane.mask;
                lane.inFlight--;
            }
        }
        replies.prepareReceive(count);
        receivedTotal += count;
        lane.lastHeard = now;
    }

    /** Collects replies still on their way, until none is in flight or {@code deadline}. */
    private void drain(Lane[] lanes, PollSet poll, long deadline) throws NativeSocketException {
        long now = System.nanoTime();
        while (now < deadline && receivedTotal < sentTotal) {
            int ready = poll.await((int) Math.max(1, (deadline - now) / NANOS_PER_MILLI));
            now = System.nanoTime();
            for (int i = 0; ready > 0 && i < lanes.length; i++) {
                if (poll.ready(i)) {
                    receive(lanes[i], now);
                }
            }
        }
    }
}
