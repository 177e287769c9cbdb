package org.udpkit.load;

import java.nio.ByteBuffer;

import org.udpkit.linux.MessageVector;
import org.udpkit.linux.NativeSocketException;
import org.udpkit.protocol.LengthProtocol;

/**
 * Receives replies, checks each one against the book's answer for the request's size, and matches it
 * to the oldest request its socket has in flight, recording the round trip during the timed part. A
 * wrong reply still answers a request: it counts as wrong, not as lost.
 */
final class ReplyMatcher {
    private final int payloadBytes;
    private final RttRecorder rtt;
    private final Tally tally;

    ReplyMatcher(int payloadBytes, RttRecorder rtt, Tally tally) {
        this.payloadBytes = payloadBytes;
        this.rtt = rtt;
        this.tally = tally;
    }

    /** Takes in whatever replies {@code lane} has waiting, at {@code now}. */
    void receive(Lane lane, long now) throws NativeSocketException {
        int count = lane.receive(tally);
        if (count == 0) {
            return;
        }
        MessageVector replies = lane.replies();
        InFlight inFlight = lane.inFlight();
        for (int i = 0; i < count; i++) {
            ByteBuffer reply = replies.buffer(i).clear().limit(replies.length(i));
            if (replies.truncated(i) || !LengthProtocol.isReplyTo(reply, payloadBytes)) {
                tally.countWrong();
            }
            if (inFlight.count() > 0) {
                long startedAt = inFlight.removeOldest();
                if (tally.timing()) {
                    rtt.record(now - startedAt);
                }
            }
        }
        lane.heardFrom(count, now);
        tally.countReceived(count);
    }
}
