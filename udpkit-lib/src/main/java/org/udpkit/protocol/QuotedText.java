package org.udpkit.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Shows a payload the way the book's programs print {@code {!r}} of decoded text: in quotes, with
 * escapes. The book's server dies on a byte that is not ASCII; here such a byte is shown as
 * {@code \xNN} instead, so any datagram can be printed.
 */
public final class QuotedText {
    private QuotedText() {
    }

    /** True when every byte is 7-bit ASCII, i.e. the book's {@code data.decode('ascii')} would succeed. */
    public static boolean isAscii(ByteBuffer payload) {
        int i = payload.position();
        // Eight bytes at a time: every server runs this on every datagram.
        for (; i + Long.BYTES <= payload.limit(); i += Long.BYTES) {
            if ((payload.getLong(i) & 0x8080808080808080L) != 0) {
                return false;
            }
        }
        for (; i < payload.limit(); i++) {
            if (payload.get(i) < 0) {
                return false;
            }
        }
        return true;
    }

    public static String of(String text) {
        return of(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Python's repr of the decoded text, e.g. {@code 'The time is ...'} or {@code "it's"}. */
    public static String of(ByteBuffer payload) {
        return of(payload, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #of(ByteBuffer)} but shows at most {@code maxBytes} of the payload, then says how many
     * more there were: a 65,507-byte datagram should not fill a terminal.
     */
    public static String of(ByteBuffer payload, int maxBytes) {
        if (payload.remaining() > maxBytes) {
            ByteBuffer head = payload.slice(payload.position(), maxBytes);
            return of(head, Integer.MAX_VALUE) + "... (" + (payload.remaining() - maxBytes) + " more bytes)";
        }
        boolean hasSingle = false;
        boolean hasDouble = false;
        boolean printable = true;
        for (int i = payload.position(); i < payload.limit(); i++) {
            byte b = payload.get(i);
            hasSingle |= b == '\'';
            hasDouble |= b == '"';
            printable &= b >= 0x20 && b < 0x7f && b != '\\';
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        if (printable && !(hasSingle && hasDouble)) {
            // Nothing to escape, the usual case, and a server prints it for every datagram: copy the bytes at once.
            byte[] text = new byte[payload.remaining() + 2];
            text[0] = (byte) quote;
            payload.get(payload.position(), text, 1, payload.remaining());
            text[text.length - 1] = (byte) quote;
            return new String(text, StandardCharsets.US_ASCII);
        }
        StringBuilder out = new StringBuilder(payload.remaining() + 2).append(quote);
        for (int i = payload.position(); i < payload.limit(); i++) {
            int b = payload.get(i) & 0xff;
            switch (b) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (b == quote) {
                        out.append('\\').append((char) b);
                    } else if (b < 0x20 || b >= 0x7f) {
                        out.append(String.format("\\x%02x", b));
                    } else {
                        out.append((char) b);
                    }
                }
            }
        }
        return out.append(quote).toString();
    }
}
