package org.udpkit.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Injects {@link Faults} into one worker's replies. The worker's thread decides, by seeded draws
 * ({@link FaultDraws}), and counts the decisions; replies held back are copied (faults are for tests: this path allocates) and sent
 * later by a thread of their own, from the worker's socket, which counts what it sent in its own
 * {@link WorkerCounters} (a count has one writer). A reply held for reordering is counted when a later
 * reply is let through, and goes out after that one's batch, so {@link ServerCounter#FAULT_REORDERED} is
 * exactly the replies a later one overtook.
 */
final class FaultyReplies implements FaultStage, FaultDraws.Hold<HeldDatagram> {
    private final FaultDraws<HeldDatagram> draws;
    // The reply being admitted, while the draws decide; worker's thread only.
    private ByteBuffer pendingReply;
    private int pendingLength;
    private ReplyGuard pendingGuard;
    private final WorkerCounters sent = new WorkerCounters();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<HeldDatagram> queue = new PriorityQueue<>();
    private long sequence;
    /** Copies of replies sent in this batch, to follow them once the batch is out; worker's thread only. */
    private final ArrayList<HeldDatagram> afterBatch = new ArrayList<>();
    private Thread thread;
    private boolean stopping;

    /** @param worker which worker: each draws from its own generator, seeded from the faults' seed and this */
    FaultyReplies(Faults faults, int worker, WorkerCounters decisions) {
        this.draws = new FaultDraws<>(faults, FaultDirection.REPLIES, worker, decisions);
    }

    @Override
    public ServerCounts sentSoFar() {
        return sent.snapshot();
    }

    @Override
    public boolean admit(ByteBuffer reply, int length, ReplyGuard guard) {
        pendingReply = reply;
        pendingLength = length;
        pendingGuard = guard;
        return draws.admit(System.nanoTime(), this);
    }

    @Override
    public HeldDatagram hold(int copies, long due) {
        return hold(copy(pendingReply, pendingLength, pendingGuard, copies, due));
    }

    @Override
    public void followBatch() {
        afterBatch.add(copy(pendingReply, pendingLength, pendingGuard, 1, 0));
    }

    @Override
    public boolean overtaken(HeldDatagram held) {
        lock.lock();
        try {
            // Not there when its time limit ran out just now and the thread took it.
            if (queue.remove(held)) {
                afterBatch.add(held);
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void batchEnded() {
        if (afterBatch.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        lock.lock();
        try {
            for (HeldDatagram copy : afterBatch) {
                queue.add(copy.dueAt(now, sequence++));
            }
            afterBatch.clear();
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private HeldDatagram copy(ByteBuffer reply, int length, ReplyGuard guard, int copies, long due) {
        byte[] bytes = new byte[length];
        reply.get(0, bytes);
        return new HeldDatagram(bytes, guard.destination(), copies, due, 0);
    }

    private HeldDatagram hold(HeldDatagram held) {
        lock.lock();
        try {
            HeldDatagram ordered = held.dueAt(held.due(), sequence++);
            queue.add(ordered);
            changed.signal();
            return ordered;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void start(String name, Supplier<HeldReplySender> opener) {
        HeldReplySender sender = opener.get();
        thread = Thread.ofPlatform().name(name).daemon(true).start(() -> {
            try (sender) {
                sendWhenDue(sender);
            }
        });
    }

    private void sendWhenDue(HeldReplySender sender) {
        while (true) {
            HeldDatagram next;
            lock.lock();
            try {
                while (true) {
                    if (stopping) {
                        return;
                    }
                    HeldDatagram head = queue.peek();
                    long wait = head == null ? Long.MAX_VALUE : head.due() - System.nanoTime();
                    if (head != null && wait <= 0) {
                        next = queue.poll();
                        break;
                    }
                    changed.awaitNanos(Math.min(wait, TimeUnit.SECONDS.toNanos(1)));
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            for (int i = 0; i < next.copies(); i++) {
                try {
                    sender.send(ByteBuffer.wrap(next.payload()), next.peer());
                    sent.increment(ServerCounter.REPLIED);
                } catch (IOException e) {
                    sent.increment(ServerCounter.SEND_FAILURES);
                }
            }
        }
    }

    /** Stops the sending thread, waiting for it; replies still held are not sent. Before the socket closes. */
    @Override
    public void stop() {
        lock.lock();
        try {
            stopping = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Replies still held, e.g. at the end of a test. */
    int held() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return draws.faults() + ", " + held() + " replies held";
    }
}
