package org.udpkit.mtu;

/** Probe sizes (whole IP packets, bytes) from {@code smallest} to {@code largest}. */
public record ProbeRange(int smallest, int largest) {
    public ProbeRange {
        if (smallest > largest) {
            throw new IllegalArgumentException("an empty range: " + smallest + "-" + largest);
        }
    }

    @Override
    public String toString() {
        return smallest == largest ? String.valueOf(smallest) : smallest + "-" + largest;
    }
}
