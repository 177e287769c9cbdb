package org.udpkit.server;

/**
 * Source ports of the classic UDP services that answer any datagram at all, unsolicited and without
 * checking it: a server that answered them could be made to talk to one of them for ever (a reflection
 * loop, RFC 8085 section 5.1's "amplification" and the 2024 "loop DoS" CERT VU#417980 list of legacy
 * services). By default a udpkit server does not answer a datagram that comes from one of these ports.
 *
 * <p>The list: echo 7 (RFC 862), discard 9 (RFC 863; it answers nothing, but a datagram that claims to come
 * from it is forged), systat 11 (RFC 866), daytime 13 (RFC 867), qotd 17 (RFC 865), chargen 19 (RFC 864),
 * time 37 (RFC 868). Services that answer only well-formed requests of their own protocol (DNS 53, TFTP 69,
 * NTP 123, SNMP 161) are not on it: our reply is not one of their requests. Port 0 is refused separately.
 */
public enum ReflectorPorts {
    /** The default: datagrams from these ports are counted and not answered. */
    REFUSED,
    /** Answer them too (a test, or a network where they cannot come from outside). */
    ANSWERED;

    /** The ports, in order. */
    public static final int[] PORTS = {7, 9, 11, 13, 17, 19, 37};

    private static final long MASK = maskOf(PORTS);

    private static long maskOf(int[] ports) {
        long mask = 0;
        for (int port : ports) {
            mask |= 1L << port;
        }
        return mask;
    }

    /** Whether {@code port} is one of {@link #PORTS}; allocates nothing. */
    public static boolean isReflector(int port) {
        return port < Long.SIZE && (MASK & (1L << port)) != 0;
    }
}
