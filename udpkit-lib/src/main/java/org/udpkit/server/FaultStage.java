package org.udpkit.server;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * The last step before a reply goes out: nothing at all ({@link #NONE}, a server without faults), or
 * {@link FaultyReplies}.
 */
interface FaultStage {
    FaultStage NONE = new FaultStage() {
        @Override
        public boolean admit(ByteBuffer reply, int length, ReplyGuard guard) {
            return true;
        }

        @Override
        public void batchEnded() {
        }

        @Override
        public void start(String name, Supplier<HeldReplySender> sender) {
        }

        @Override
        public void stop() {
        }

        @Override
        public ServerCounts sentSoFar() {
            return ServerCounts.ZERO;
        }
    };

    /** Whether {@code reply}'s first {@code length} bytes go out now, in the batch; it may also keep a copy for later. */
    boolean admit(ByteBuffer reply, int length, ReplyGuard guard);

    /** After a batch's replies went out. */
    void batchEnded();

    /** As serving starts: a stage that sends replies later starts a thread named {@code name} to, with what {@code sender} opens. */
    void start(String name, Supplier<HeldReplySender> sender);

    /** As serving ends, before the socket closes. */
    void stop();

    /** What the stage itself sent (its own thread's counts). */
    ServerCounts sentSoFar();
}
