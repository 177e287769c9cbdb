package org.udpkit.perf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The bytes of {@code udpkit perf}: every datagram, data or control, starts with the same 32-byte header, in
 * network byte order. Offsets are named here and nowhere else; docs/perf.md draws the layout.
 *
 * <pre>
 *  0 MAGIC       4 bytes  "UKPF"
 *  4 VERSION     1 byte   1
 *  5 KIND        1 byte   {@link Kind}
 *  6 (zero)      2 bytes
 *  8 STREAM_ID   8 bytes  chosen by the client for one test
 * 16 SEQUENCE    8 bytes  data: 0, 1, 2 ... per stream; control: 0
 * 24 SEND_NANOS  8 bytes  the sender's monotonic clock when the datagram was handed to the kernel
 * 32 control bodies (START, RESULTS_PLEASE, RESULTS, REVERSE) follow; data datagrams are padded with zeros
 * </pre>
 */
public final class PerfWire {
    public static final int MAGIC = 0x554B5046; // "UKPF"
    public static final byte VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int KIND_OFFSET = 5;
    public static final int STREAM_ID_OFFSET = 8;
    public static final int SEQUENCE_OFFSET = 16;
    public static final int SEND_NANOS_OFFSET = 24;
    /** The smallest datagram udpkit perf sends: the header alone. */
    public static final int HEADER_BYTES = 32;
    /** The largest UDP payload over IPv4. */
    public static final int MAX_DATAGRAM = 65_507;

    /** START body: the data datagrams' size, the asked rate (0.0 for as fast as possible), the test's length. */
    public static final int START_SIZE_OFFSET = 32;
    public static final int START_RATE_OFFSET = 40;
    public static final int START_DURATION_NANOS_OFFSET = 48;
    public static final int START_BYTES = 56;

    /** RESULTS_PLEASE body: how many data datagrams the sender sent, so that the tail's loss counts too. */
    public static final int PLEASE_SENT_OFFSET = 32;
    public static final int PLEASE_BYTES = 40;

    /** RESULTS body: {@link PerfResults}' fields, 8 bytes each, in {@link ResultField} order. */
    public static final int RESULTS_OFFSET = 32;
    public static final int RESULTS_BYTES = RESULTS_OFFSET + ResultField.values().length * Long.BYTES;

    /** REVERSE: a START body, then the port of the client's receiver, then zeros. */
    public static final int REVERSE_PORT_OFFSET = START_BYTES;
    /** As QUIC pads its first datagram: at least this long, or the server ignores it. */
    public static final int REVERSE_BYTES = 1200;

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** What a datagram is. */
    public enum Kind {
        /** Measured payload, client to server. */
        DATA,
        /** Client to server: a test begins; the server answers STARTED. */
        START,
        /** Server to client: ready for the stream named in the header. */
        STARTED,
        /** Client to server: the stream is over, send its results. */
        RESULTS_PLEASE,
        /** Server to client: what the receiver measured. */
        RESULTS,
        /**
         * Client to server: you send, to my receiver at this port (a START body and the port). Padded to
         * {@link #REVERSE_BYTES}, so that what the server sends before the receiver has answered (STARTED to the
         * asker, a few STARTs to the receiver) stays within three times what it was sent (RFC 9000 section 8).
         */
        REVERSE;

        private static final Kind[] ALL = values();

        byte code() {
            return (byte) ordinal();
        }

        static Optional<Kind> of(byte code) {
            return code >= 0 && code < ALL.length ? Optional.of(ALL[code]) : Optional.empty();
        }
    }

    /** The RESULTS body's fields, in wire order. */
    enum ResultField {
        SENT, RECEIVED, DUPLICATES, REORDERED, REORDER_EXTENT_MAX, REORDER_EXTENT_SUM, REORDER_EXTENT_KNOWN,
        BEYOND_WINDOW, PAYLOAD_BYTES, HEADER_BYTES, FIRST_TO_LAST_NANOS, JITTER_NANOS, DELAY_MIN_NANOS,
        DELAY_SUM_NANOS, DELAY_MAX_NANOS;

        int offset() {
            return RESULTS_OFFSET + ordinal() * Long.BYTES;
        }
    }

    private PerfWire() {
    }

    /** Writes a header with sequence and send time 0 (a control message, or a data slot's fixed part). */
    public static void writeHeader(MemorySegment datagram, Kind kind, long streamId) {
        datagram.set(INT, MAGIC_OFFSET, MAGIC);
        datagram.set(ValueLayout.JAVA_BYTE, VERSION_OFFSET, VERSION);
        datagram.set(ValueLayout.JAVA_BYTE, KIND_OFFSET, kind.code());
        datagram.set(ValueLayout.JAVA_SHORT_UNALIGNED, 6, (short) 0);
        datagram.set(LONG, STREAM_ID_OFFSET, streamId);
        datagram.set(LONG, SEQUENCE_OFFSET, 0L);
        datagram.set(LONG, SEND_NANOS_OFFSET, 0L);
    }

    /** Stamps a data datagram: the only bytes a sender writes per datagram. */
    public static void stamp(MemorySegment datagram, long sequence, long sendNanos) {
        stamp(datagram, 0, sequence, sendNanos);
    }

    /**
     * Stamps the data datagram that starts {@code at} bytes into {@code segment} (one of a GSO message's). The
     * offset forms of these methods let the hot path reach every datagram of a buffer without slicing it.
     */
    public static void stamp(MemorySegment segment, long at, long sequence, long sendNanos) {
        segment.set(LONG, at + SEQUENCE_OFFSET, sequence);
        segment.set(LONG, at + SEND_NANOS_OFFSET, sendNanos);
    }

    /** The kind of a received datagram of {@code length} bytes, or empty when it is not udpkit perf's (version 1). */
    public static Optional<Kind> kind(MemorySegment datagram, int length) {
        if (length < HEADER_BYTES || datagram.get(INT, MAGIC_OFFSET) != MAGIC
                || datagram.get(ValueLayout.JAVA_BYTE, VERSION_OFFSET) != VERSION) {
            return Optional.empty();
        }
        return Kind.of(datagram.get(ValueLayout.JAVA_BYTE, KIND_OFFSET));
    }

    /** Whether a received datagram is a data datagram of this version: the hot path's check, without Optional. */
    public static boolean isData(MemorySegment datagram, int length) {
        return isData(datagram, 0, length);
    }

    /** As {@link #isData(MemorySegment, int)}, for the datagram of {@code length} bytes {@code at} bytes in. */
    public static boolean isData(MemorySegment segment, long at, int length) {
        return length >= HEADER_BYTES && segment.get(INT, at + MAGIC_OFFSET) == MAGIC
                && segment.get(ValueLayout.JAVA_BYTE, at + VERSION_OFFSET) == VERSION
                && segment.get(ValueLayout.JAVA_BYTE, at + KIND_OFFSET) == Kind.DATA.code();
    }

    public static long streamId(MemorySegment datagram) {
        return streamId(datagram, 0);
    }

    public static long streamId(MemorySegment segment, long at) {
        return segment.get(LONG, at + STREAM_ID_OFFSET);
    }

    public static long sequence(MemorySegment segment, long at) {
        return segment.get(LONG, at + SEQUENCE_OFFSET);
    }

    public static long sendNanos(MemorySegment segment, long at) {
        return segment.get(LONG, at + SEND_NANOS_OFFSET);
    }

    /** A START datagram for {@code test}. */
    public static byte[] start(TestSettings test) {
        MemorySegment start = MemorySegment.ofArray(new byte[START_BYTES]);
        writeHeader(start, Kind.START, test.streamId());
        start.set(LONG, START_SIZE_OFFSET, test.size());
        start.set(DOUBLE, START_RATE_OFFSET, switch (test.rate()) {
            case Rate.Max max -> 0.0;
            case Rate.PerSecond perSecond -> perSecond.datagrams();
        });
        start.set(LONG, START_DURATION_NANOS_OFFSET, test.duration().toNanos());
        return start.toArray(ValueLayout.JAVA_BYTE);
    }

    /** A REVERSE datagram: the server is to run {@code test} towards the client's receiver at {@code receiverPort}. */
    public static byte[] reverse(TestSettings test, int receiverPort) {
        MemorySegment reverse = MemorySegment.ofArray(new byte[REVERSE_BYTES]);
        MemorySegment.copy(MemorySegment.ofArray(start(test)), 0, reverse, 0, START_BYTES);
        reverse.set(ValueLayout.JAVA_BYTE, KIND_OFFSET, Kind.REVERSE.code());
        reverse.set(SHORT, REVERSE_PORT_OFFSET, (short) receiverPort);
        return reverse.toArray(ValueLayout.JAVA_BYTE);
    }

    /** A REVERSE request: the test, and the port its client receives on. */
    public record ReverseRequest(TestSettings test, int receiverPort) {
    }

    /** What a REVERSE datagram asks for, or empty when it is short of {@link #REVERSE_BYTES} or out of bounds. */
    public static Optional<ReverseRequest> readReverse(MemorySegment datagram, int length) {
        if (length < REVERSE_BYTES) {
            return Optional.empty();
        }
        int port = Short.toUnsignedInt(datagram.get(SHORT, REVERSE_PORT_OFFSET));
        return port == 0 ? Optional.empty()
                : readStart(datagram, length).map(test -> new ReverseRequest(test, port));
    }

    /** The test a START datagram of {@code length} bytes asks for, or empty when its body is short or out of bounds. */
    public static Optional<TestSettings> readStart(MemorySegment datagram, int length) {
        if (length < START_BYTES) {
            return Optional.empty();
        }
        long size = datagram.get(LONG, START_SIZE_OFFSET);
        double rate = datagram.get(DOUBLE, START_RATE_OFFSET);
        long durationNanos = datagram.get(LONG, START_DURATION_NANOS_OFFSET);
        try {
            Rate asked = rate == 0.0 ? new Rate.Max() : new Rate.PerSecond(rate);
            return Optional.of(new TestSettings(streamId(datagram), Math.clamp(size, 0, Integer.MAX_VALUE),
                    asked, java.time.Duration.ofNanos(durationNanos)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A control datagram that is the header alone (STARTED). */
    public static byte[] headerOnly(Kind kind, long streamId) {
        MemorySegment message = MemorySegment.ofArray(new byte[HEADER_BYTES]);
        writeHeader(message, kind, streamId);
        return message.toArray(ValueLayout.JAVA_BYTE);
    }

    public static byte[] resultsPlease(long streamId, long sent) {
        MemorySegment please = MemorySegment.ofArray(new byte[PLEASE_BYTES]);
        writeHeader(please, Kind.RESULTS_PLEASE, streamId);
        please.set(LONG, PLEASE_SENT_OFFSET, sent);
        return please.toArray(ValueLayout.JAVA_BYTE);
    }

    /** The sent count of a RESULTS_PLEASE, or empty when the body is short or the count negative. */
    public static Optional<Long> readSent(MemorySegment datagram, int length) {
        if (length < PLEASE_BYTES) {
            return Optional.empty();
        }
        long sent = datagram.get(LONG, PLEASE_SENT_OFFSET);
        return sent >= 0 ? Optional.of(sent) : Optional.empty();
    }

    public static byte[] results(long streamId, PerfResults results) {
        MemorySegment message = MemorySegment.ofArray(new byte[RESULTS_BYTES]);
        writeHeader(message, Kind.RESULTS, streamId);
        PerfResults.Delay delay = results.delay().orElse(new PerfResults.Delay(0, 0, 0));
        long[] fields = {results.sent(), results.received(), results.duplicates(), results.reordered(),
                results.reorderExtentMax(), results.reorderExtentSum(), results.reorderExtentKnown(),
                results.beyondWindow(), results.payloadBytes(), results.headerBytes(), results.firstToLastNanos(),
                Double.doubleToRawLongBits(results.jitterNanos()), delay.minNanos(), delay.sumNanos(), delay.maxNanos()};
        for (ResultField field : ResultField.values()) {
            message.set(LONG, field.offset(), fields[field.ordinal()]);
        }
        return message.toArray(ValueLayout.JAVA_BYTE);
    }

    /** The results a RESULTS datagram carries, or empty when it is too short. */
    public static Optional<PerfResults> readResults(MemorySegment datagram, int length) {
        if (length < RESULTS_BYTES) {
            return Optional.empty();
        }
        long[] f = new long[ResultField.values().length];
        for (ResultField field : ResultField.values()) {
            f[field.ordinal()] = datagram.get(LONG, field.offset());
        }
        long received = f[ResultField.RECEIVED.ordinal()];
        Optional<PerfResults.Delay> delay = received == 0 ? Optional.empty() : Optional.of(new PerfResults.Delay(
                f[ResultField.DELAY_MIN_NANOS.ordinal()], f[ResultField.DELAY_SUM_NANOS.ordinal()],
                f[ResultField.DELAY_MAX_NANOS.ordinal()]));
        try {
            return Optional.of(new PerfResults(f[0], received, f[2], f[3], f[4], f[5], f[6], f[7], f[8], (int) f[9],
                    f[10], Double.longBitsToDouble(f[11]), delay));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
