package org.udpkit.book;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.QuotedText;
import org.udpkit.protocol.ReceivedDatagram;
import org.udpkit.server.HandlerCounters;

/**
 * Tells a person about each datagram the way the book's servers print it,
 * {@code The client at 127.0.0.1:54321 says 'hello'}, then lets {@code next} answer. Bytes that are not
 * ASCII (on which the book's server dies) are shown escaped and counted.
 */
public final class NarratingHandler implements DatagramHandler {
    /** How much of a payload a line shows; the rest is counted, not printed. */
    static final int SHOWN_BYTES = 200;

    private final DatagramHandler next;
    private final BookLines.Voice voice;
    private final Consumer<String> out;
    private final HandlerCounters counters;

    public NarratingHandler(DatagramHandler next, BookLines.Voice voice, Consumer<String> out, HandlerCounters counters) {
        this.next = next;
        this.voice = voice;
        this.out = out;
        this.counters = counters;
    }

    @Override
    public boolean handle(ReceivedDatagram request, ByteBuffer reply) {
        ByteBuffer payload = request.payload();
        if (!QuotedText.isAscii(payload)) {
            counters.countNotAscii();
        }
        out.accept(BookLines.clientSays(voice, request.sender(), payload, SHOWN_BYTES));
        return next.handle(request, reply);
    }
}
