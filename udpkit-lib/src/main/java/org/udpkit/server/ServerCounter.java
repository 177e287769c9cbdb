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
    REPLIES_IGNORED("replies ignored"),
    /** Loop guard: a datagram from the server's own address and port (a forgery), not answered. */
    REFUSED_OWN_ADDRESS("from our own address"),
    /** Loop guard: a datagram from port 0, to which no reply can go, not answered. */
    REFUSED_PORT_ZERO("from port 0"),
    /** Loop guard: a datagram from a reflecting service's port ({@link ReflectorPorts}), not answered. */
    REFUSED_REFLECTOR_PORT("from a reflecting service's port"),
    /** Loop guard: a datagram that is itself a reply of the book's protocol, not answered. */
    REFUSED_BOOK_REPLY("a reply of the book's protocol"),
    /** A reply withheld: it would have sent an unproven source more than three times its bytes. */
    WITHHELD_AMPLIFICATION("over the amplification limit"),
    /** A reply withheld: its source address had used its budget of replies. */
    WITHHELD_SOURCE_BUDGET("over the source's budget"),
    /** A reply withheld: its source's /24 or /56 had used its budget of replies. */
    WITHHELD_PREFIX_BUDGET("over the prefix's budget"),
    /** Injected fault ({@link Faults}): a reply dropped. */
    FAULT_DROPPED_REPLIES("replies dropped on purpose"),
    /** Injected fault: a reply held back for the delay. */
    FAULT_DELAYED("replies delayed"),
    /** Injected fault: a reply sent twice (REPLIED counts both copies). */
    FAULT_DUPLICATED("replies duplicated"),
    /** Injected fault: a reply held back until a later one had gone out. */
    FAULT_REORDERED("replies reordered"),
    /** Injected fault on a request ({@link ServerOptions#requestFaults()}): dropped before the handler saw it. */
    FAULT_DROPPED_REQUESTS("requests dropped on purpose"),
    /** Injected fault: a request held back for the delay, then handed to the handler. */
    FAULT_DELAYED_REQUESTS("requests delayed"),
    /** Injected fault: a request handed to the handler twice (RECEIVED counts it once). */
    FAULT_DUPLICATED_REQUESTS("requests duplicated"),
    /** Injected fault: a request held back until a later one had been handed to the handler. */
    FAULT_REORDERED_REQUESTS("requests reordered"),
    /** Copies of requests handed to the handler late, from the faults' hold: delayed, reordered, second copies. */
    FAULT_REQUESTS_HANDED_LATE("requests handed late");

    private final String label;

    ServerCounter(String label) {
        this.label = label;
    }

    /** {@code bytes received}, {@code not ASCII}: how a report names it. */
    public String label() {
        return label;
    }
}
