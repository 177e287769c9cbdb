package org.udpkit.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.PriorityQueue;
import java.util.function.Supplier;

import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.ReceivedDatagram;

/**
 * Injects {@link Faults} into one worker's requests, before its loop guards and its handler, as a misbehaving
 * network in front of the server would: by the same seeded draws as the replies' faults ({@link FaultDraws}),
 * a request is dropped, delayed, held until a later one has been handed to the handler, and, independently,
 * handed twice. Held requests are copied (faults are for tests: this path allocates) and handed later on the
 * worker's own thread, so a handler stays single-threaded: after each batch's replies went out, and when a
 * receive times out ({@link #TICK}, set only when this stage is on). Their replies go through the reply guard
 * and its faults like any other, from the worker's socket.
 *
 * <p>Counts: {@link ServerCounter#RECEIVED} counts a request once, as it arrived; the decisions are
 * {@link ServerCounter#FAULT_DROPPED_REQUESTS}, {@code FAULT_DELAYED_REQUESTS}, {@code FAULT_DUPLICATED_REQUESTS}
 * and {@code FAULT_REORDERED_REQUESTS} (counted when a later request overtook it); every copy handed from the
 * hold to the handler is one {@link ServerCounter#FAULT_REQUESTS_HANDED_LATE}. One worker's thread only.
 */
final class FaultyRequests implements RequestFaultStage, FaultDraws.Hold<HeldDatagram> {
    /** How long a worker holding requests waits for a datagram before it looks whether a held one is due. */
    static final Duration TICK = Duration.ofMillis(5);
    /** Room for the largest UDP payload, as the transports' reply buffers. */
    private static final int REPLY_BUFFER = 65536;

    private final FaultDraws<HeldDatagram> draws;
    // The request being admitted, while the draws decide.
    private ByteBuffer pendingRequest;
    private ReplyGuard pendingGuard;
    private final PriorityQueue<HeldDatagram> queue = new PriorityQueue<>();
    /** Copies to hand once this batch is out: the second copies of duplicates, a request overtaken. */
    private final ArrayList<HeldDatagram> afterBatch = new ArrayList<>();
    private final HeldRequestView datagram = new HeldRequestView();
    private long sequence;
    private ByteBuffer reply;
    private HeldReplySender sender;

    /** @param worker which worker: each draws from its own generator, seeded from the faults' seed and this */
    FaultyRequests(Faults faults, int worker, WorkerCounters decisions) {
        this.draws = new FaultDraws<>(faults, FaultDirection.REQUESTS, worker, decisions);
    }

    @Override
    public boolean admit(ByteBuffer request, ReplyGuard guard) {
        pendingRequest = request;
        pendingGuard = guard;
        return draws.admit(System.nanoTime(), this);
    }

    @Override
    public HeldDatagram hold(int copies, long due) {
        HeldDatagram held = copy(pendingRequest, pendingGuard, copies, due);
        queue.add(held);
        return held;
    }

    @Override
    public void followBatch() {
        afterBatch.add(copy(pendingRequest, pendingGuard, 1, 0));
    }

    @Override
    public boolean overtaken(HeldDatagram held) {
        // Always there: its time limit has not run out, or the draws would have let it go.
        queue.remove(held);
        afterBatch.add(held);
        return true;
    }

    private HeldDatagram copy(ByteBuffer request, ReplyGuard guard, int copies, long due) {
        byte[] bytes = new byte[request.remaining()];
        request.get(request.position(), bytes);
        return new HeldDatagram(bytes, guard.destination(), copies, due, sequence++);
    }

    @Override
    public int handDue(ReplyGuard guard, DatagramHandler handler, WorkerCounters counters) {
        int handed = 0;
        for (HeldDatagram held : afterBatch) {
            handed += hand(held, guard, handler, counters);
        }
        afterBatch.clear();
        long now = System.nanoTime();
        while (!queue.isEmpty() && queue.peek().due() - now <= 0) {
            handed += hand(queue.poll(), guard, handler, counters);
        }
        return handed;
    }

    private int hand(HeldDatagram held, ReplyGuard guard, DatagramHandler handler, WorkerCounters counters) {
        int handed = 0;
        for (int i = 0; i < held.copies(); i++) {
            datagram.select(held);
            if (!guard.admitHeldRequest(held.peer(), datagram.payload())) {
                continue;
            }
            counters.increment(ServerCounter.FAULT_REQUESTS_HANDED_LATE);
            handed++;
            if (guard.answer(handler, datagram, reply)) {
                try {
                    sender.send(reply.flip(), held.peer());
                    counters.increment(ServerCounter.REPLIED);
                } catch (IOException e) {
                    counters.increment(ServerCounter.SEND_FAILURES);
                }
            }
        }
        return handed;
    }

    @Override
    public boolean holdsRequests() {
        return true;
    }

    @Override
    public void start(Supplier<HeldReplySender> opener) {
        reply = ByteBuffer.allocateDirect(REPLY_BUFFER);
        sender = opener.get();
    }

    @Override
    public void stop() {
        if (sender != null) {
            sender.close();
            sender = null;
        }
    }

    @Override
    public String toString() {
        return draws.faults() + ", " + queue.size() + " requests held";
    }

    /** A held request as the handler sees it: a fresh view of its copy each time it is handed. */
    private static final class HeldRequestView implements ReceivedDatagram {
        private ByteBuffer payload;
        private InetSocketAddress sender;

        void select(HeldDatagram held) {
            payload = ByteBuffer.wrap(held.payload());
            sender = held.peer();
        }

        @Override
        public ByteBuffer payload() {
            return payload;
        }

        @Override
        public InetSocketAddress sender() {
            return sender;
        }
    }
}
