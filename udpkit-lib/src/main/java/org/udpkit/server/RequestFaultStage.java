package org.udpkit.server;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

import org.udpkit.protocol.DatagramHandler;

/**
 * The first step a request takes, before the loop guards and the handler: nothing at all ({@link #NONE}, a
 * server without request faults, which pays one call that returns true), or {@link FaultyRequests}.
 */
interface RequestFaultStage {
    RequestFaultStage NONE = new RequestFaultStage() {
        @Override
        public boolean admit(ByteBuffer request, ReplyGuard guard) {
            return true;
        }

        @Override
        public int handDue(ReplyGuard guard, DatagramHandler handler, WorkerCounters counters) {
            return 0;
        }

        @Override
        public boolean holdsRequests() {
            return false;
        }

        @Override
        public void start(Supplier<HeldReplySender> sender) {
        }

        @Override
        public void stop() {
        }
    };

    /** Whether {@code request} goes to the guards and the handler now; it may also keep a copy for later. */
    boolean admit(ByteBuffer request, ReplyGuard guard);

    /**
     * Hands the held requests now due to {@code handler}, through {@code guard}, and sends their replies; on the
     * worker's thread, after a batch's replies went out or when a receive timed out. Returns how many it handed.
     */
    int handDue(ReplyGuard guard, DatagramHandler handler, WorkerCounters counters);

    /** Whether requests can be held, so that the worker must wake now and then to hand them even with no traffic. */
    boolean holdsRequests();

    /** As serving starts: opens, with {@code sender}, what sends the replies to requests handed late. */
    void start(Supplier<HeldReplySender> sender);

    /** As serving ends, before the socket closes: requests still held are never handed. */
    void stop();
}
