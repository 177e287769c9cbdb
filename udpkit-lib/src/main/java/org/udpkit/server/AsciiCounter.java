package org.udpkit.server;

import java.nio.ByteBuffer;

import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.ForwardingHandler;
import org.udpkit.protocol.QuotedText;
import org.udpkit.protocol.ReceivedDatagram;

/**
 * Counts the requests whose bytes are not all ASCII ({@link ServerCounter#NOT_ASCII}), then lets the worker's
 * handler see them. It comes first in every worker's chain, so that the count is the same whatever the
 * handlers after it do: print or not ({@code --quiet}, {@code --json}), drop before printing (the remote
 * server), or throw.
 */
final class AsciiCounter extends ForwardingHandler {
    private final WorkerCounters counters;

    AsciiCounter(DatagramHandler next, WorkerCounters counters) {
        super(next);
        this.counters = counters;
    }

    @Override
    public boolean handle(ReceivedDatagram request, ByteBuffer reply) {
        if (!QuotedText.isAscii(request.payload())) {
            counters.increment(ServerCounter.NOT_ASCII);
        }
        return next.handle(request, reply);
    }

}
