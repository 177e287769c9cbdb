package org.udpkit.linux;

import java.lang.foreign.Arena;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.ReceivedDatagram;

/**
 * The system-call-free half of the batched transport: a receive vector that {@code recvmmsg} fills, a
 * send vector for {@code sendmmsg}, and {@link #handle}, which runs the handler over a received batch and
 * lays out the replies. Allocates nothing per datagram: the handler sees each slot through a buffer
 * wrapped once, and each reply is written straight into its send slot, addressed to the sender's
 * sockaddr where the kernel left it.
 *
 * <p>What a batch held (bytes, empty datagrams, handler failures) is kept for the caller to count once
 * per batch. Public so that the batched transport and a microbenchmark can drive it; not exported from
 * the module. Not thread-safe.
 */
public final class DatagramBatch {
    /** Datagrams per system call, as the C reference server uses. */
    public static final int DEFAULT_CAPACITY = 64;
    /** Room for the largest UDP payload (65,507 bytes over IPv4), so nothing is ever truncated. */
    public static final int SLOT_SIZE = 65536;

    private final MessageVector received;
    private final MessageVector replies;
    private final SlotDatagram datagram;
    private long bytes;
    private int empty;
    private int handlerFailures;

    private DatagramBatch(MessageVector received, MessageVector replies) {
        this.received = received;
        this.replies = replies;
        this.datagram = new SlotDatagram(received);
    }

    /** Allocates both vectors in {@code arena}, {@code capacity} slots of {@code slotSize} bytes each. */
    public static DatagramBatch allocate(Arena arena, int capacity, int slotSize) throws NativeSocketException {
        // With control buffers: a socket asked for IP_PKTINFO gets its replies sent from where requests arrived.
        return new DatagramBatch(MessageVector.allocate(arena, capacity, slotSize).withControlMessages(),
                MessageVector.allocate(arena, capacity, slotSize).withControlMessages());
    }

    /** Where {@code recvmmsg} puts datagrams. */
    public MessageVector received() {
        return received;
    }

    /** What {@code sendmmsg} sends after {@link #handle}. */
    public MessageVector replies() {
        return replies;
    }

    /**
     * Hands the first {@code count} received datagrams to {@code handler} in order and prepares a reply
     * record for each it answers; returns the number of replies, which are records 0 .. n-1 of
     * {@link #replies()}. A handler that throws is counted (see {@link #handlerFailures()}) and skipped.
     */
    public int handle(int count, DatagramHandler handler) {
        return handle(count, handler, ReplyGate.OPEN);
    }

    /**
     * As {@link #handle(int, DatagramHandler)}, asking {@code gate} whether each datagram reaches the handler
     * and whether each reply goes out.
     */
    public int handle(int count, DatagramHandler handler, ReplyGate gate) {
        int answered = 0;
        long bytes = 0;
        int empty = 0;
        int failures = 0;
        for (int i = 0; i < count; i++) {
            int length = received.length(i);
            bytes += length;
            if (length == 0) {
                empty++;
            }
            datagram.select(i, length);
            if (!gate.admitRequest(received.address(i), datagram.payload())) {
                continue;
            }
            ByteBuffer reply = replies.buffer(answered).clear();
            boolean send;
            boolean proven;
            try {
                send = handler.handle(datagram, reply);
                proven = send && handler.sourceProven();
            } catch (RuntimeException e) {
                failures++;
                continue;
            }
            if (send && gate.admitReply(reply, proven)) {
                replies.setLength(answered, reply.position());
                replies.setDestination(answered, received.address(i), received.addressLength(i));
                replies.setSource(answered, received, i);
                answered++;
            }
        }
        this.bytes = bytes;
        this.empty = empty;
        this.handlerFailures = failures;
        return answered;
    }

    /** Payload bytes of the datagrams the last {@link #handle} saw. */
    public long bytes() {
        return bytes;
    }

    /** Empty datagrams among those the last {@link #handle} saw. */
    public int empty() {
        return empty;
    }

    /** Datagrams whose handler threw in the last {@link #handle}. */
    public int handlerFailures() {
        return handlerFailures;
    }

    /** A received slot as the handler sees it; the sender is decoded only if the handler asks. */
    private static final class SlotDatagram implements ReceivedDatagram {
        private final MessageVector vector;
        private final LastSender lastSender = new LastSender();
        private int index;
        private int length;
        private InetSocketAddress sender;

        SlotDatagram(MessageVector vector) {
            this.vector = vector;
        }

        void select(int index, int length) {
            this.index = index;
            this.length = length;
            this.sender = null;
            vector.buffer(index).clear().limit(length);
        }

        @Override
        public ByteBuffer payload() {
            return vector.buffer(index);
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public InetSocketAddress sender() {
            if (sender == null) {
                sender = lastSender.read(vector.address(index), vector.addressLength(index));
            }
            return sender;
        }
    }
}
