package org.udpkit.server;

/**
 * Why a handler's protocol left a datagram unanswered without it being a request at all: each reason has
 * its own counter, so a server says how much of what it received was not understood, and why.
 */
public enum Rejection {
    /** Too short, not the protocol's magic, or flags it does not know. */
    MALFORMED(ServerCounter.MALFORMED),
    /** The protocol's magic with a version the handler does not speak. */
    WRONG_VERSION(ServerCounter.WRONG_VERSION),
    /** A tag missing, unexpected (no key here) or wrong. */
    BAD_TAG(ServerCounter.BAD_TAG),
    /** A reply, which a server never answers. */
    REPLY(ServerCounter.REPLIES_IGNORED);

    private final ServerCounter counter;

    Rejection(ServerCounter counter) {
        this.counter = counter;
    }

    /** The counter it adds to. */
    public ServerCounter counter() {
        return counter;
    }
}
