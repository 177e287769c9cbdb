package org.udpkit.load;

/**
 * One socket's request sizes and what became of the request each last carried. The book's protocol
 * echoes only a request's length, so the length is what identifies a request: slot {@code s} sends
 * {@code smallest + s} bytes, and a reply naming that size answers the request the slot has in flight.
 *
 * <p>A socket with a window of W has {@value #SIZES_PER_REQUEST} W slots, so that a size comes back into
 * use late enough to keep a duplicate or late reply from passing for a newer request's:
 * <ul>
 * <li>free slots are taken oldest-freed first, and only while more than W are free, so a size is reused
 *     only once W more slots have been freed after it. Answers free fewer than that before the next
 *     receive (only W are in flight), so a duplicate right behind its original is seen as one, unless
 *     timed-out slots come free in between;</li>
 * <li>a request that times out keeps its slot for one more timeout, so its late reply is counted late;</li>
 * <li>that leaves W slots in flight and up to 2 W timed out before the socket must wait for a free one.</li>
 * </ul>
 * A reply later than two timeouts, or a duplicate that trails its original by more than W other requests,
 * can still be taken for a newer request of the same size: the protocol carries nothing else to tell them
 * apart. Arrays sized once, so that tracking a request allocates nothing.
 */
final class RequestSlots {
    /** Slots per request of the window: see the class comment for why four. */
    static final int SIZES_PER_REQUEST = 4;

    private static final int NONE = -1;

    /** What a slot's last request became. */
    private enum State { UNUSED, IN_FLIGHT, TIMED_OUT, DONE }

    /** What a reply naming a slot's size is. */
    enum Match {
        /** the reply to the request in flight in that slot */
        ANSWER,
        /** the reply to the slot's request, which had timed out */
        LATE,
        /** a second reply to a request already answered or already counted late */
        DUPLICATE,
        /** a reply for a size not sent yet */
        NEVER_SENT
    }

    private final int window;
    private final int slots;
    private final State[] state;
    /** In flight: when the round trip started. Timed out: when it timed out. */
    private final long[] clock;
    /** Whether the slot's last request was sent in the timed part, so that all it leads to is counted. */
    private final boolean[] timed;
    private final int[] older;
    private final int[] newer;
    private final Chain inFlight = new Chain();
    private final Chain timedOut = new Chain();
    private final int[] free;
    private int firstFree;
    private int freeCount;

    RequestSlots(int window) {
        this.window = window;
        this.slots = SIZES_PER_REQUEST * window;
        this.state = new State[slots];
        this.clock = new long[slots];
        this.timed = new boolean[slots];
        this.older = new int[slots];
        this.newer = new int[slots];
        this.free = new int[slots];
        for (int s = 0; s < slots; s++) {
            state[s] = State.UNUSED;
            free[s] = s;
        }
        this.freeCount = slots;
    }

    /** How many distinct sizes a socket with a window of {@code window} sends. */
    static long sizesFor(int window) {
        return (long) SIZES_PER_REQUEST * window;
    }

    int slotCount() {
        return slots;
    }

    int inFlightCount() {
        return inFlight.count;
    }

    /** How many requests may go now: room in the window, and free slots beyond the W kept back. */
    int room() {
        return Math.max(0, Math.min(window - inFlight.count, freeCount - window));
    }

    /** Takes the slot freed longest ago; the caller checked {@link #room()}. */
    int take() {
        int slot = free[firstFree];
        firstFree = firstFree + 1 == slots ? 0 : firstFree + 1;
        freeCount--;
        return slot;
    }

    /** Gives back a slot taken for a request that did not go; back in front, as if never taken. */
    void putBack(int slot) {
        firstFree = firstFree == 0 ? slots - 1 : firstFree - 1;
        free[firstFree] = slot;
        freeCount++;
    }

    /** The request in {@code slot} went; its round trip started at {@code startedAt}. */
    void launch(int slot, long startedAt, boolean inTimedPart) {
        state[slot] = State.IN_FLIGHT;
        clock[slot] = startedAt;
        timed[slot] = inTimedPart;
        inFlight.append(slot);
    }

    /** What a reply naming {@code slot}'s size is; an answer or a late reply frees the slot. */
    Match match(int slot) {
        return switch (state[slot]) {
            case IN_FLIGHT -> {
                inFlight.remove(slot);
                release(slot);
                yield Match.ANSWER;
            }
            case TIMED_OUT -> {
                timedOut.remove(slot);
                release(slot);
                yield Match.LATE;
            }
            case DONE -> Match.DUPLICATE;
            case UNUSED -> Match.NEVER_SENT;
        };
    }

    /** When the round trip of the request in {@code slot} started (valid in flight, so right after an ANSWER). */
    long startedAt(int slot) {
        return clock[slot];
    }

    /** Whether {@code slot}'s last request was sent in the timed part. */
    boolean timed(int slot) {
        return timed[slot];
    }

    /** Whether the oldest request in flight started at or before {@code cutoff}. */
    boolean oldestStartedBy(long cutoff) {
        return inFlight.count > 0 && clock[inFlight.first] - cutoff <= 0;
    }

    /** Times out the oldest request in flight at {@code now}; returns its slot. */
    int timeOutOldest(long now) {
        int slot = inFlight.first;
        timeOut(slot, now);
        return slot;
    }

    /** Whether {@code slot} has a request in flight that started at or before {@code cutoff}. */
    boolean startedBy(int slot, long cutoff) {
        return state[slot] == State.IN_FLIGHT && clock[slot] - cutoff <= 0;
    }

    /** Times out the request in flight in {@code slot} at {@code now} (no earlier than any slot timed out before). */
    void timeOut(int slot, long now) {
        inFlight.remove(slot);
        state[slot] = State.TIMED_OUT;
        clock[slot] = now;
        timedOut.append(slot);
    }

    /** Frees the slots that timed out at or before {@code cutoff}: a reply after that is no longer expected. */
    void freeTimedOutBy(long cutoff) {
        while (timedOut.count > 0 && clock[timedOut.first] - cutoff <= 0) {
            int slot = timedOut.first;
            timedOut.remove(slot);
            release(slot);
        }
    }

    /**
     * The earliest of {@code notAfter} and the next time something is due: the oldest request in flight
     * times out, or the oldest timed-out slot is freed, {@code timeoutNanos} after their clocks.
     */
    long nextDeadline(long timeoutNanos, long notAfter) {
        long next = notAfter;
        if (inFlight.count > 0 && clock[inFlight.first] + timeoutNanos - next < 0) {
            next = clock[inFlight.first] + timeoutNanos;
        }
        if (timedOut.count > 0 && clock[timedOut.first] + timeoutNanos - next < 0) {
            next = clock[timedOut.first] + timeoutNanos;
        }
        return next;
    }

    private void release(int slot) {
        state[slot] = State.DONE;
        free[(firstFree + freeCount) % slots] = slot;
        freeCount++;
    }

    /** A list of slots, oldest first, linked through {@link #older} and {@link #newer}: O(1) to append and remove. */
    private final class Chain {
        int first = NONE;
        int last = NONE;
        int count;

        void append(int slot) {
            older[slot] = last;
            newer[slot] = NONE;
            if (last == NONE) {
                first = slot;
            } else {
                newer[last] = slot;
            }
            last = slot;
            count++;
        }

        void remove(int slot) {
            int before = older[slot];
            int after = newer[slot];
            if (before == NONE) {
                first = after;
            } else {
                newer[before] = after;
            }
            if (after == NONE) {
                last = before;
            } else {
                older[after] = before;
            }
            count--;
        }
    }
}
