package org.udpkit.server;

/**
 * Everything a server counts, each with the words a report uses and who counts it: the transport counts
 * what it received and sent, a handler what it decided (through {@link HandlerCounters}).
 */
public enum ServerCounter {
    RECEIVED("received"),
    BYTES_RECEIVED("bytes received"),
    EMPTY("empty"),
    NOT_ASCII("not ASCII"),
    DROPPED("dropped"),
    REPLIED("replied"),
    SEND_FAILURES("send failures"),
    RECEIVE_FAILURES("receive failures"),
    HANDLER_FAILURES("handler failures"),
    /** Not a datagram of the handler's protocol (too short, not its magic, unknown flags): not answered. */
    MALFORMED("malformed"),
    /** The handler's protocol, but a version it does not speak: not answered. */
    WRONG_VERSION("wrong version"),
    /** A tag that is missing, not expected, or wrong: the sender does not hold the key; not answered. */
    BAD_TAG("bad tag"),
    /** A reply of the handler's protocol: never answered, so that two servers cannot talk to each other for ever. */
    REPLIES_IGNORED("replies ignored");

    private final String label;

    ServerCounter(String label) {
        this.label = label;
    }

    /** {@code bytes received}, {@code not ASCII}: how a report names it. */
    public String label() {
        return label;
    }
}
