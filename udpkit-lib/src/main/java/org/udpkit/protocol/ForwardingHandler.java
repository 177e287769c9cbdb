package org.udpkit.protocol;

import java.util.Objects;

/**
 * A handler in front of another, as in a chain: it sees each request first and decides what to pass on in
 * {@link #handle}; the end of a batch and whether a request proved its source are the next handler's to say,
 * and are passed on unless a subclass knows better.
 */
public abstract class ForwardingHandler implements DatagramHandler {
    /** The handler this one passes requests on to. */
    protected final DatagramHandler next;

    protected ForwardingHandler(DatagramHandler next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void batchEnded() {
        next.batchEnded();
    }

    @Override
    public boolean sourceProven() {
        return next.sourceProven();
    }
}
