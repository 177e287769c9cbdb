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
    HANDLER_FAILURES("handler failures");

    private final String label;

    ServerCounter(String label) {
        this.label = label;
    }

    /** {@code bytes received}, {@code not ASCII}: how a report names it. */
    public String label() {
        return label;
    }
}
