package org.udpkit.protocol;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

import org.udpkit.server.HandlerCounters;
import org.udpkit.server.Rejection;

/**
 * Serves the {@link IdProtocol} around any protocol: checks a request (and its tag, with a key), lets
 * {@code inner} answer its payload, and sends that answer with the request's ID and transmission number (and
 * a tag). Anything else is counted and left unanswered: malformed datagrams, other versions, bad tags, and
 * replies, so that two servers cannot talk to each other for ever. Allocates nothing per datagram.
 *
 * <p>Not thread-safe: one per worker ({@code UdpServer.openPerWorker}).
 */
public final class IdHandler extends ForwardingHandler {
    private final IdProtocol protocol;
    private final HandlerCounters counters;
    private final PayloadView payload = new PayloadView();
    private boolean proven;

    public IdHandler(DatagramHandler inner, Optional<SharedKey> key, HandlerCounters counters) {
        super(inner);
        this.protocol = IdProtocol.of(key);
        this.counters = counters;
    }

    @Override
    public boolean handle(ReceivedDatagram request, ByteBuffer reply) {
        proven = false;
        ByteBuffer datagram = request.payload();
        switch (protocol.check(datagram)) {
            case REQUEST -> {
                return answer(request, datagram, reply);
            }
            case REPLY -> counters.countRejected(Rejection.REPLY);
            case MALFORMED -> counters.countRejected(Rejection.MALFORMED);
            case WRONG_VERSION -> counters.countRejected(Rejection.WRONG_VERSION);
            case BAD_TAG -> counters.countRejected(Rejection.BAD_TAG);
        }
        return false;
    }

    private boolean answer(ReceivedDatagram request, ByteBuffer datagram, ByteBuffer reply) {
        int start = protocol.start(reply, IdProtocol.Kind.REPLY, IdProtocol.idOf(datagram),
                IdProtocol.transmissionOf(datagram));
        int limit = reply.limit();
        // Room for the tag, whatever the inner protocol writes.
        reply.limit(limit - (protocol.overhead() - IdProtocol.HEADER_BYTES));
        // The inner protocol sees the payload through the transport's own buffer, narrowed for the call and
        // restored after it: a view of its own would cost an allocation per buffer, and the batched transport
        // hands over a different buffer for each slot of a batch.
        int position = datagram.position();
        int end = datagram.limit();
        int payloadStart = position + IdProtocol.HEADER_BYTES;
        datagram.limit(payloadStart + protocol.payloadLength(datagram)).position(payloadStart);
        payload.of(request, datagram);
        boolean answered;
        try {
            answered = next.handle(payload, reply);
        } finally {
            datagram.limit(end).position(position);
            reply.limit(limit);
        }
        if (!answered) {
            reply.position(start);
            return false;
        }
        protocol.finish(reply, start);
        // A valid tag proves the request came from a key holder, who receives our replies.
        proven = protocol.isKeyed() || next.sourceProven();
        return true;
    }


    @Override
    public boolean sourceProven() {
        return proven;
    }

    /** The request's payload (between header and tag), reusing one object per handler. */
    private static final class PayloadView implements ReceivedDatagram {
        private ReceivedDatagram whole;
        private ByteBuffer view;

        void of(ReceivedDatagram request, ByteBuffer narrowed) {
            this.whole = request;
            this.view = narrowed;
        }

        @Override
        public ByteBuffer payload() {
            return view;
        }

        @Override
        public InetSocketAddress sender() {
            return whole.sender();
        }
    }
}
