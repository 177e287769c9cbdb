package org.udpkit.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.udpkit.linux.ControlMessageLayout.CONTROL_BYTES;
import static org.udpkit.linux.MessageHeaderLayout.IOVEC;
import static org.udpkit.linux.MessageHeaderLayout.IOV_BASE;
import static org.udpkit.linux.MessageHeaderLayout.IOV_LEN;
import static org.udpkit.linux.MessageHeaderLayout.MMSGHDR;
import static org.udpkit.linux.MessageHeaderLayout.MSG_CONTROL;
import static org.udpkit.linux.MessageHeaderLayout.MSG_CONTROLLEN;
import static org.udpkit.linux.MessageHeaderLayout.MSG_FLAGS;
import static org.udpkit.linux.MessageHeaderLayout.MSG_IOV;
import static org.udpkit.linux.MessageHeaderLayout.MSG_IOVLEN;
import static org.udpkit.linux.MessageHeaderLayout.MSG_LEN;
import static org.udpkit.linux.MessageHeaderLayout.MSG_NAME;
import static org.udpkit.linux.MessageHeaderLayout.MSG_NAMELEN;
import static org.udpkit.linux.SocketAddressLayout.SOCKADDR_STORAGE;

/**
 * A batch of datagrams for one {@code recvmmsg} or {@code sendmmsg}: {@code capacity} mmsghdr records,
 * each with one iovec, one sockaddr_storage and one payload slot of {@code slotSize} bytes, all wired
 * together once when the vector is made. After that, receiving or sending a batch only rewrites lengths.
 *
 * <p>The headers, iovecs, addresses and control buffers are one segment (mmsghdr[capacity], iovec[capacity],
 * sockaddr_storage[capacity], 128-byte control buffers[capacity], as a {@link MemoryLayout}); the payload slots are one private anonymous mapping, so untouched slot pages never become resident. Each
 * slot is also wrapped once as a {@link ByteBuffer}, which is what protocol handlers see.
 *
 * <p>Not thread-safe. Memory lives as long as the arena given to {@link #allocate}.
 */
public final class MessageVector {
    private static final long HEADER_SIZE = MMSGHDR.byteSize();
    private static final long IOVEC_SIZE = IOVEC.byteSize();
    private static final long ADDRESS_SIZE = SOCKADDR_STORAGE.byteSize();
    private static final int ADDRESS_CAPACITY = (int) ADDRESS_SIZE;
    /** One slot's control-message buffer, aligned as cmsghdr needs. */
    private static final MemoryLayout CONTROL = MemoryLayout.sequenceLayout(CONTROL_BYTES / Long.BYTES, ValueLayout.JAVA_LONG);

    private final int capacity;
    private final int slotSize;
    private final MemorySegment headers;
    private final MemorySegment iovecs;
    private final MemorySegment[] headersFrom;
    private final MemorySegment[] addresses;
    private final MemorySegment[] controls;
    private boolean controlMessages;
    private final MemorySegment[] slots;
    private final ByteBuffer[] buffers;

    private MessageVector(int capacity, int slotSize, MemorySegment control, MemorySegment payload) {
        this.capacity = capacity;
        this.slotSize = slotSize;
        StructLayout layout = headersLayout(capacity);
        this.headers = control.asSlice(layout.byteOffset(groupElement("headers")), capacity * HEADER_SIZE);
        this.iovecs = control.asSlice(layout.byteOffset(groupElement("iovecs")), capacity * IOVEC_SIZE);
        MemorySegment names = control.asSlice(layout.byteOffset(groupElement("addresses")), capacity * ADDRESS_SIZE);
        MemorySegment ancillary = control.asSlice(layout.byteOffset(groupElement("controls")), (long) capacity * CONTROL_BYTES);
        this.headersFrom = new MemorySegment[capacity];
        this.addresses = new MemorySegment[capacity];
        this.controls = new MemorySegment[capacity];
        this.slots = new MemorySegment[capacity];
        this.buffers = new ByteBuffer[capacity];
        for (int i = 0; i < capacity; i++) {
            headersFrom[i] = headers.asSlice(i * HEADER_SIZE);
            addresses[i] = names.asSlice(i * ADDRESS_SIZE, ADDRESS_SIZE);
            controls[i] = ancillary.asSlice((long) i * CONTROL_BYTES, CONTROL_BYTES);
            slots[i] = payload.asSlice((long) i * slotSize, slotSize);
            buffers[i] = slots[i].asByteBuffer();
            MemorySegment iovec = iovecs.asSlice(i * IOVEC_SIZE, IOVEC_SIZE);
            IOV_BASE.set(iovec, 0L, slots[i]);
            IOV_LEN.set(iovec, 0L, (long) slotSize);
            long header = i * HEADER_SIZE;
            MSG_NAME.set(headers, header, addresses[i]);
            MSG_NAMELEN.set(headers, header, ADDRESS_CAPACITY);
            MSG_IOV.set(headers, header, iovec);
            MSG_IOVLEN.set(headers, header, 1L);
            MSG_CONTROL.set(headers, header, MemorySegment.NULL);
            MSG_CONTROLLEN.set(headers, header, 0L);
            MSG_FLAGS.set(headers, header, 0);
            MSG_LEN.set(headers, header, 0);
        }
    }

    private static StructLayout headersLayout(int capacity) {
        return MemoryLayout.structLayout(
                MemoryLayout.sequenceLayout(capacity, MMSGHDR).withName("headers"),
                MemoryLayout.sequenceLayout(capacity, IOVEC).withName("iovecs"),
                MemoryLayout.sequenceLayout(capacity, SOCKADDR_STORAGE).withName("addresses"),
                MemoryLayout.sequenceLayout(capacity, CONTROL).withName("controls"));
    }

    /**
     * Allocates a vector of {@code capacity} datagrams of up to {@code slotSize} bytes each. Its memory is
     * released when {@code arena} closes.
     *
     * @throws NativeSocketException when the payload slots cannot be mapped
     */
    @SuppressWarnings("restricted") // giving the mapping its true size and an unmap on close is what reinterpret is for
    public static MessageVector allocate(Arena arena, int capacity, int slotSize) throws NativeSocketException {
        if (capacity < 1 || slotSize < 1) {
            throw new IllegalArgumentException("a message vector needs at least one slot of at least one byte, not "
                    + capacity + " of " + slotSize);
        }
        MemorySegment control = arena.allocate(headersLayout(capacity));
        long payloadBytes = (long) capacity * slotSize;
        MemorySegment callState = Linux.allocateCallState(arena);
        MemorySegment mapped = Linux.mapAnonymous(callState, payloadBytes);
        if (mapped.equals(MemorySegment.NULL)) {
            throw new NativeSocketException("mapping " + payloadBytes + " bytes for datagram slots",
                    Linux.errno(callState));
        }
        MemorySegment payload = mapped.reinterpret(payloadBytes, arena,
                segment -> Linux.unmap(segment, payloadBytes));
        return new MessageVector(capacity, slotSize, control, payload);
    }

    public int capacity() {
        return capacity;
    }

    public int slotSize() {
        return slotSize;
    }

    /** The mmsghdr array, to pass to {@code recvmmsg} or {@code sendmmsg}. */
    public MemorySegment headers() {
        return headers;
    }

    /** The mmsghdr array from record {@code index} on, e.g. to resend what a partial {@code sendmmsg} left. */
    public MemorySegment headersFrom(int index) {
        return headersFrom[index];
    }

    /** Slot {@code index}'s payload bytes. */
    public MemorySegment slot(int index) {
        return slots[index];
    }

    /** Slot {@code index} as a buffer; the same object every time, its position and limit the caller's to set. */
    public ByteBuffer buffer(int index) {
        return buffers[index];
    }

    /** Slot {@code index}'s own sockaddr_storage. */
    public MemorySegment address(int index) {
        return addresses[index];
    }

    /**
     * Makes the first {@code count} records ready to receive again: each may take a whole slot and any
     * address. The kernel rewrites {@code msg_namelen} only in the records it fills, so a loop need only
     * reset as many as the previous receive returned.
     */
    public void prepareReceive(int count) {
        for (int i = 0; i < count; i++) {
            MSG_NAMELEN.set(headers, i * HEADER_SIZE, ADDRESS_CAPACITY);
            IOV_LEN.set(iovecs, i * IOVEC_SIZE, (long) slotSize);
        }
        if (controlMessages) {
            // The kernel rewrites msg_controllen to what it wrote: give each record its whole buffer again.
            for (int i = 0; i < count; i++) {
                MSG_CONTROLLEN.set(headers, i * HEADER_SIZE, (long) CONTROL_BYTES);
            }
        }
    }

    /**
     * Gives every record its own control-message buffer of {@link ControlMessageLayout#CONTROL_BYTES}: on
     * receive for what socket options ask the kernel to add (IP_PKTINFO), on send for {@link #setSource}.
     * Until then records carry no control messages, as the load generator's need none.
     */
    public MessageVector withControlMessages() {
        for (int i = 0; i < capacity; i++) {
            long header = i * HEADER_SIZE;
            MSG_CONTROL.set(headers, header, controls[i]);
            // Nothing to send yet; prepareReceive gives a receiving record the whole buffer.
            MSG_CONTROLLEN.set(headers, header, 0L);
        }
        controlMessages = true;
        return this;
    }

    /** Record {@code index}'s control-message buffer (all of it; {@link #controlLength} says how much is used). */
    public MemorySegment control(int index) {
        return controls[index];
    }

    /** Control-message bytes in record {@code index} ({@code msg_controllen}): after a receive, what the kernel wrote. */
    public long controlLength(int index) {
        return (long) MSG_CONTROLLEN.get(headers, index * HEADER_SIZE);
    }

    /**
     * Makes record {@code index} leave from the local address that record {@code requestIndex} of
     * {@code requests} was sent to, by the packet info the kernel delivered with it (IP_PKTINFO,
     * IPV6_PKTINFO); without one, the kernel picks the source as usual. Needs {@link #withControlMessages()}
     * on both vectors.
     */
    public void setSource(int index, MessageVector requests, int requestIndex) {
        long length = ControlMessageLayout.writeReplySource(requests.control(requestIndex),
                requests.controlLength(requestIndex), controls[index]);
        MSG_CONTROLLEN.set(headers, index * HEADER_SIZE, length);
    }

    /** Bytes the kernel put in slot {@code index} ({@code msg_len}). */
    public int length(int index) {
        return (int) MSG_LEN.get(headers, index * HEADER_SIZE);
    }

    /** The {@code msg_flags} the kernel reported for record {@code index}, e.g. {@code MSG_TRUNC}. */
    public int flags(int index) {
        return (int) MSG_FLAGS.get(headers, index * HEADER_SIZE);
    }

    /** Whether the datagram received in record {@code index} was larger than its slot and was cut short. */
    public boolean truncated(int index) {
        return (flags(index) & LinuxSocketConstants.MSG_TRUNC) != 0;
    }

    /** The length of the sender's address the kernel wrote for record {@code index}. */
    public int addressLength(int index) {
        return (int) MSG_NAMELEN.get(headers, index * HEADER_SIZE);
    }

    /** Sets how many bytes of slot {@code index} record {@code index} sends ({@code iov_len}). */
    public void setLength(int index, int length) {
        IOV_LEN.set(iovecs, index * IOVEC_SIZE, (long) length);
    }

    /** Sets where record {@code index} goes: {@code address} (any sockaddr segment) of {@code length} bytes. */
    public void setDestination(int index, MemorySegment address, int length) {
        long header = index * HEADER_SIZE;
        MSG_NAME.set(headers, header, address);
        MSG_NAMELEN.set(headers, header, length);
    }

    /** Drops every record's address, for a connected socket that needs none either way. */
    public void clearAddresses() {
        for (int i = 0; i < capacity; i++) {
            setDestination(i, MemorySegment.NULL, 0);
        }
    }
}
