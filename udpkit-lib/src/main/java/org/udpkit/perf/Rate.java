package org.udpkit.perf;

/** How fast a sender sends: as fast as the kernel takes datagrams, or a number of datagrams per second. */
public sealed interface Rate {
    /** As fast as the kernel takes datagrams. */
    record Max() implements Rate {
    }

    /** {@code datagrams} per second, paced by a token bucket. */
    record PerSecond(double datagrams) implements Rate {
        /** Above this no machine sends; a bound so that a typo is refused rather than tried. */
        public static final double MOST = 1e9;

        public PerSecond {
            if (!(datagrams > 0) || datagrams > MOST) {
                throw new IllegalArgumentException("a rate must be more than 0 and at most 1e9 datagrams per second, not " + datagrams);
            }
        }
    }
}
