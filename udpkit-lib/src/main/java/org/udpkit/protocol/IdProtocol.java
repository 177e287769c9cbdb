package org.udpkit.protocol;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The ID protocol (docs/protocol.md): every request carries a version, a random 64-bit ID and a
 * transmission number, and the reply repeats both; with a {@link SharedKey} both also carry an
 * HMAC-SHA256 tag of everything before it. Big-endian:
 *
 * <pre>
 * offset  bytes  field
 *  0      2      magic 0x75 0x6b ("uk")
 *  2      1      version (1)
 *  3      1      flags: 0x01 reply, 0x02 tagged; every other bit 0
 *  4      4      transmission: 1 for the first send of a request, one more for each retransmission
 *  8      8      ID
 * 16      n      payload
 * 16+n    32     tag (only when tagged): HMAC-SHA256 over bytes 0 .. 16+n
 * </pre>
 *
 * <p>An instance reads and writes datagrams with or without a key; it keeps scratch state, so it serves one
 * thread (a server makes one per worker). Reading and writing allocate nothing.
 */
public final class IdProtocol {
    public static final int MAGIC = 0x756b;
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 2;
    public static final int FLAGS_OFFSET = 3;
    public static final int TRANSMISSION_OFFSET = 4;
    public static final int ID_OFFSET = 8;
    public static final int HEADER_BYTES = 16;
    public static final int TAG_BYTES = HmacSha256.TAG_BYTES;
    /** Flag bit: this datagram is a reply. */
    public static final int FLAG_REPLY = 0x01;
    /** Flag bit: a tag follows the payload. */
    public static final int FLAG_TAGGED = 0x02;
    /** The largest UDP payload over IPv4, header and tag included. */
    public static final int MAX_DATAGRAM = 65_507;

    private static final int KNOWN_FLAGS = FLAG_REPLY | FLAG_TAGGED;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Which way a datagram goes. */
    public enum Kind {
        REQUEST, REPLY
    }

    /** What a datagram is to this protocol, with or without its key. */
    public enum Verdict {
        /** A well-formed request (with a valid tag, when keyed). */
        REQUEST,
        /** A well-formed reply (with a valid tag, when keyed). */
        REPLY,
        /** Too short, not the magic, or unknown flags. */
        MALFORMED,
        /** The magic, with another version. */
        WRONG_VERSION,
        /** Keyed: no tag or a wrong one; keyless: a tag, which cannot be checked. */
        BAD_TAG
    }

    private final Optional<MessageTagger> tagger;

    private IdProtocol(Optional<MessageTagger> tagger) {
        this.tagger = tagger;
    }

    /** Without a key: datagrams carry no tag, and replies are matched by ID and source only. */
    public static IdProtocol keyless() {
        return new IdProtocol(Optional.empty());
    }

    /** With a key: every datagram is tagged, and one without a valid tag is {@link Verdict#BAD_TAG}. */
    public static IdProtocol keyed(SharedKey key) {
        return new IdProtocol(Optional.of(new MessageTagger(key)));
    }

    public static IdProtocol of(Optional<SharedKey> key) {
        return key.map(IdProtocol::keyed).orElseGet(IdProtocol::keyless);
    }

    /** A fresh unguessable ID. */
    public static long newId() {
        return RANDOM.nextLong();
    }

    public boolean isKeyed() {
        return tagger.isPresent();
    }

    /** Bytes a datagram carries besides its payload: the header, and the tag when keyed. */
    public int overhead() {
        return HEADER_BYTES + (isKeyed() ? TAG_BYTES : 0);
    }

    /** The largest payload a datagram can carry. */
    public int maxPayload() {
        return MAX_DATAGRAM - overhead();
    }

    /** What {@code datagram} (from its position to its limit) is; checks the tag when keyed. Allocates nothing. */
    public Verdict check(ByteBuffer datagram) {
        int start = datagram.position();
        int length = datagram.remaining();
        if (length < HEADER_BYTES || (datagram.getShort(start + MAGIC_OFFSET) & 0xffff) != MAGIC) {
            return Verdict.MALFORMED;
        }
        if ((datagram.get(start + VERSION_OFFSET) & 0xff) != VERSION) {
            return Verdict.WRONG_VERSION;
        }
        int flags = datagram.get(start + FLAGS_OFFSET) & 0xff;
        if ((flags & ~KNOWN_FLAGS) != 0) {
            return Verdict.MALFORMED;
        }
        boolean tagged = (flags & FLAG_TAGGED) != 0;
        if (tagged != isKeyed()) {
            return Verdict.BAD_TAG;
        }
        if (tagged) {
            if (length < HEADER_BYTES + TAG_BYTES) {
                return Verdict.MALFORMED;
            }
            int end = start + length - TAG_BYTES;
            if (!tagger.orElseThrow().verify(datagram, start, end)) {
                return Verdict.BAD_TAG;
            }
        }
        return (flags & FLAG_REPLY) != 0 ? Verdict.REPLY : Verdict.REQUEST;
    }

    /** The ID of a datagram {@link #check} accepted. */
    public static long idOf(ByteBuffer datagram) {
        return datagram.getLong(datagram.position() + ID_OFFSET);
    }

    /** The transmission number of a datagram {@link #check} accepted. */
    public static int transmissionOf(ByteBuffer datagram) {
        return datagram.getInt(datagram.position() + TRANSMISSION_OFFSET);
    }

    /** The payload's length in a datagram {@link #check} accepted. */
    public int payloadLength(ByteBuffer datagram) {
        return datagram.remaining() - overhead();
    }

    /** The payload of a datagram {@link #check} accepted, as a view (allocates the view). */
    public ByteBuffer payloadOf(ByteBuffer datagram) {
        return datagram.slice(datagram.position() + HEADER_BYTES, payloadLength(datagram));
    }

    /**
     * Writes a header at {@code out}'s position, leaving the position where the payload goes; returns where
     * the datagram starts, for {@link #finish}.
     */
    public int start(ByteBuffer out, Kind kind, long id, int transmission) {
        int start = out.position();
        out.putShort((short) MAGIC)
                .put((byte) VERSION)
                .put((byte) ((kind == Kind.REPLY ? FLAG_REPLY : 0) | (isKeyed() ? FLAG_TAGGED : 0)))
                .putInt(transmission)
                .putLong(id);
        return start;
    }

    /** Ends a datagram begun at {@code start}, whose payload ends at {@code out}'s position: appends the tag when keyed. */
    public void finish(ByteBuffer out, int start) {
        if (tagger.isPresent()) {
            int end = out.position();
            tagger.get().tag(out, start, end);
            out.position(end + TAG_BYTES);
        }
    }

    /** A whole datagram, as a new array. */
    public byte[] datagram(Kind kind, long id, int transmission, byte[] payload) {
        if (payload.length > maxPayload()) {
            throw new IllegalArgumentException("a payload of " + payload.length + " bytes does not fit in one datagram; "
                    + maxPayload() + " do");
        }
        ByteBuffer out = ByteBuffer.allocate(overhead() + payload.length);
        int start = start(out, kind, id, transmission);
        out.put(payload);
        finish(out, start);
        return out.array();
    }
}
