package org.udpkit.load;

/** When a request's round trip starts: part of the pacing (see {@link Pacer}), asked once per request sent. */
interface RoundTripStart {
    /**
     * The start of the round trip of the {@code record}th request of a batch whose send call began at
     * {@code beforeSend} (the clock read just before it).
     */
    long startOf(int record, long beforeSend);
}
