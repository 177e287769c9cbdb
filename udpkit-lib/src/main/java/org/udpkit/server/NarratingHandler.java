package org.udpkit.server;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.udpkit.net.Endpoints;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.QuotedText;
import org.udpkit.protocol.ReceivedDatagram;

/**
 * Tells a person about each datagram the way the book's servers print it,
 * {@code The client at 127.0.0.1:54321 says 'hello'}, then lets {@code next} answer. Bytes that are not
 * ASCII (on which the book's server dies) are shown escaped and counted.
 */
public final class NarratingHandler implements DatagramHandler {
    /** How much of a payload a line shows; the rest is counted, not printed. */
    static final int SHOWN_BYTES = 200;

    private final DatagramHandler next;
    private final String verb;
    private final Consumer<String> out;
    private final ServerCounters counters;

    /**
     * @param verb {@code "says"} as udp_local.py and udp_remote.py print it, {@code "says:"} as udp_broadcast.py does
     */
    public NarratingHandler(DatagramHandler next, String verb, Consumer<String> out, ServerCounters counters) {
        this.next = next;
        this.verb = verb;
        this.out = out;
        this.counters = counters;
    }

    @Override
    public boolean handle(ReceivedDatagram request, ByteBuffer reply) {
        ByteBuffer payload = request.payload();
        if (!QuotedText.isAscii(payload)) {
            counters.notAscii.increment();
        }
        out.accept("The client at " + Endpoints.format(request.sender()) + " " + verb + " " + QuotedText.of(payload, SHOWN_BYTES));
        return next.handle(request, reply);
    }
}
