package org.udpkit.protocol;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Serves {@link RequestIds} framing around any protocol: strips the 8-byte ID, lets {@code inner} answer
 * the rest, and puts the same ID in front of the reply. A datagram too short to hold an ID gets no reply.
 */
public final class RequestIdHandler implements DatagramHandler {
    private final DatagramHandler inner;
    private final BodyView body = new BodyView();

    public RequestIdHandler(DatagramHandler inner) {
        this.inner = inner;
    }

    @Override
    public boolean handle(ReceivedDatagram request, ByteBuffer reply) {
        ByteBuffer payload = request.payload();
        if (!RequestIds.hasId(payload)) {
            return false;
        }
        reply.putLong(RequestIds.idOf(payload));
        body.of(request);
        return inner.handle(body, reply);
    }

    @Override
    public void batchEnded() {
        inner.batchEnded();
    }

    @Override
    public boolean sourceProven() {
        return inner.sourceProven();
    }

    /** The request minus its ID, reusing one object per handler. */
    private static final class BodyView implements ReceivedDatagram {
        private ReceivedDatagram whole;
        private ByteBuffer source;
        private ByteBuffer payload;

        void of(ReceivedDatagram request) {
            this.whole = request;
            ByteBuffer all = request.payload();
            if (all != source) {
                // Transports hand over the same buffer every time: one view of it serves every request.
                source = all;
                payload = all.duplicate();
            }
            payload.limit(all.limit()).position(all.position() + RequestIds.ID_BYTES);
        }

        @Override
        public ByteBuffer payload() {
            return payload;
        }

        @Override
        public InetSocketAddress sender() {
            return whole.sender();
        }
    }
}
