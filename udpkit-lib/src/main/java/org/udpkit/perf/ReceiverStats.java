package org.udpkit.perf;

import java.util.Optional;

/**
 * The receiver's arithmetic for one stream, fed one datagram at a time in arrival order; allocates nothing
 * per datagram. Pure Java, so that its counts can be checked against a known sequence.
 *
 * <ul>
 * <li>Duplicates: a bitmap of the last {@code window} sequence numbers below the highest seen. A datagram older than
 * that cannot be checked; it is counted as received (and reordered) and in {@code beyondWindow}.</li>
 * <li>Reordering, RFC 4737 section 3.3: a datagram is reordered when its sequence is below the next expected
 * (the highest seen + 1). Its extent (section 4.2.1) is its arrival index less that of the earliest earlier
 * arrival with a higher sequence, which is always one where the highest seen rose; those rises are kept in a ring
 * of {@code history} entries and searched by bisection. Duplicates are neither reordered nor counted as arrivals.</li>
 * <li>Jitter, RFC 3550 section 6.4.1: J += (|D| - J) / 16 over consecutive distinct arrivals, D the difference of
 * their transit times.</li>
 * <li>One-way delay: arrival less send time, meaningful when both ends read the same clock.</li>
 * </ul>
 */
public final class ReceiverStats {
    /** Enough for a second of 64-byte datagrams at full loopback speed to arrive out of order and still be checked. */
    public static final int DEFAULT_WINDOW = 1 << 20;
    public static final int DEFAULT_HISTORY = 1 << 16;

    private final long[] seen;
    private final long windowMask;
    private final long[] riseSequence;
    private final long[] riseArrival;
    private final int historyMask;
    private long rises;

    private long highest = -1;
    private long received;
    private long duplicates;
    private long reordered;
    private long extentMax;
    private long extentSum;
    private long extentKnown;
    private long beyondWindow;
    private long payloadBytes;
    private long firstArrival;
    private long lastArrival;
    private long previousTransit;
    private double jitter;
    private long delayMin = Long.MAX_VALUE;
    private long delayMax = Long.MIN_VALUE;
    private long delaySum;

    /** @param window sequences checked for duplication, and {@code history} rises of the highest sequence kept; powers of 2 */
    public ReceiverStats(int window, int history) {
        if (Integer.bitCount(window) != 1 || window < 64 || Integer.bitCount(history) != 1) {
            throw new IllegalArgumentException("the window (at least 64) and history must be powers of 2, not "
                    + window + " and " + history);
        }
        this.seen = new long[window / 64];
        this.windowMask = window - 1;
        this.riseSequence = new long[history];
        this.riseArrival = new long[history];
        this.historyMask = history - 1;
    }

    public ReceiverStats() {
        this(DEFAULT_WINDOW, DEFAULT_HISTORY);
    }

    /** Counts one data datagram: its sequence, the sender's clock at sending, ours at arrival, its payload bytes. */
    public void record(long sequence, long sendNanos, long arrivalNanos, int bytes) {
        if (sequence < 0) {
            return; // not a sequence any sender of ours writes
        }
        long window = windowMask + 1;
        if (sequence > highest) {
            clearBetween(highest + 1, sequence);
            mark(sequence);
            highest = sequence;
            riseSequence[(int) (rises & historyMask)] = sequence;
            riseArrival[(int) (rises & historyMask)] = received;
            rises++;
        } else if (sequence > highest - window) {
            if (isMarked(sequence)) {
                duplicates++;
                return;
            }
            mark(sequence);
            countReordered(sequence);
        } else {
            beyondWindow++;
            countReordered(sequence);
        }
        long transit = arrivalNanos - sendNanos;
        if (received == 0) {
            firstArrival = arrivalNanos;
        } else {
            // RFC 3550 6.4.1, in nanoseconds rather than RTP timestamp units.
            jitter += (Math.abs(transit - previousTransit) - jitter) / 16.0;
        }
        previousTransit = transit;
        lastArrival = arrivalNanos;
        delayMin = Math.min(delayMin, transit);
        delayMax = Math.max(delayMax, transit);
        delaySum += transit;
        payloadBytes += bytes;
        received++;
    }

    private void countReordered(long sequence) {
        reordered++;
        long oldestKept = Math.max(0, rises - riseSequence.length);
        if (oldestKept > 0 && riseSequence[(int) (oldestKept & historyMask)] > sequence) {
            return; // the earliest rise above this sequence may be older than the kept history: extent unknown
        }
        // Bisect for the earliest kept rise above this sequence; the last rise (the highest) always is.
        long low = oldestKept;
        long high = rises - 1;
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (riseSequence[(int) (middle & historyMask)] > sequence) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        long extent = received - riseArrival[(int) (high & historyMask)];
        extentMax = Math.max(extentMax, extent);
        extentSum += extent;
        extentKnown++;
    }

    private void clearBetween(long from, long to) {
        if (to - from >= windowMask + 1) {
            java.util.Arrays.fill(seen, 0L);
            return;
        }
        for (long s = from; s < to; s++) {
            long bit = s & windowMask;
            seen[(int) (bit >>> 6)] &= ~(1L << bit);
        }
    }

    private void mark(long sequence) {
        long bit = sequence & windowMask;
        seen[(int) (bit >>> 6)] |= 1L << bit;
    }

    private boolean isMarked(long sequence) {
        long bit = sequence & windowMask;
        return (seen[(int) (bit >>> 6)] & (1L << bit)) != 0;
    }

    public long received() {
        return received;
    }

    public long payloadBytes() {
        return payloadBytes;
    }

    /** The results so far, given how many datagrams the sender sent and the IP and UDP header bytes per datagram. */
    public PerfResults results(long sent, int headerBytes) {
        Optional<PerfResults.Delay> delay = received == 0 ? Optional.empty()
                : Optional.of(new PerfResults.Delay(delayMin, delaySum, delayMax));
        return new PerfResults(sent, received, duplicates, reordered, extentMax, extentSum, extentKnown, beyondWindow,
                payloadBytes, headerBytes, lastArrival - firstArrival, jitter, delay);
    }
}
