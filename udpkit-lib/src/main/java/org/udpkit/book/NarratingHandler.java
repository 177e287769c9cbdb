package org.udpkit.book;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.ForwardingHandler;
import org.udpkit.protocol.QuotedText;
import org.udpkit.protocol.ReceivedDatagram;

/**
 * Tells a person about each datagram the way the book's servers print it,
 * {@code The client at 127.0.0.1:54321 says 'hello'}, then lets {@code next} answer. Bytes that are not
 * ASCII (on which the book's server dies) are shown escaped; the server counts them, printed or not.
 *
 * <p>The line's start, {@code The client at HOST:PORT says }, is kept for the last sender: a client
 * usually sends many datagrams in a row, and formatting its address each time would cost more than the
 * rest of the line. Lines go to {@code out} one by one; {@link #batchEnded()} is passed on to
 * {@code next}, so whoever gathers the lines learns of batch ends from the chain it wraps.
 */
public final class NarratingHandler extends ForwardingHandler {
    /** How much of a payload a line shows; the rest is counted, not printed. */
    static final int SHOWN_BYTES = 200;

    private final BookLines.Voice voice;
    private final Consumer<String> out;
    private InetSocketAddress lastSender;
    private String lastClientAt;

    public NarratingHandler(DatagramHandler next, BookLines.Voice voice, Consumer<String> out) {
        super(next);
        this.voice = voice;
        this.out = out;
    }

    @Override
    public boolean handle(ReceivedDatagram request, ByteBuffer reply) {
        out.accept(clientAt(request.sender()) + QuotedText.of(request.payload(), SHOWN_BYTES));
        return next.handle(request, reply);
    }

    private String clientAt(InetSocketAddress sender) {
        if (!sender.equals(lastSender)) {
            lastSender = sender;
            lastClientAt = BookLines.clientAt(voice, sender);
        }
        return lastClientAt;
    }

}
