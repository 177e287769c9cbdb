package org.udpkit.services;

/** The three ranges IANA divides the port numbers into (RFC 6335). */
public enum PortRange {
    /** Assigned by IANA; binding one needs privilege on most systems. */
    WELL_KNOWN("well-known", 0, 1023),
    /** Registered with IANA for a service, but open to any program. */
    REGISTERED("registered", 1024, 49151),
    /** Never assigned: where operating systems pick ephemeral ports from. */
    DYNAMIC("dynamic", 49152, 65535);

    private final String label;
    private final int first;
    private final int last;

    PortRange(String label, int first, int last) {
        this.label = label;
        this.first = first;
        this.last = last;
    }

    /** The range {@code port} is in. */
    public static PortRange of(int port) {
        for (PortRange range : values()) {
            if (range.contains(port)) {
                return range;
            }
        }
        throw new IllegalArgumentException("port " + port + " is outside 0-65535");
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public int first() {
        return first;
    }

    public int last() {
        return last;
    }

    /** {@code well-known}, {@code registered}, {@code dynamic}. */
    public String label() {
        return label;
    }

    /** {@code well-known port, 0-1023}. */
    public String describe() {
        return label + " port, " + first + "-" + last;
    }
}
