package org.udpkit.load;

import java.nio.ByteBuffer;
import java.util.OptionalInt;

import org.udpkit.linux.MessageVector;
import org.udpkit.linux.NativeSocketException;
import org.udpkit.protocol.IdProtocol;
import org.udpkit.protocol.LengthProtocol;

/**
 * Receives replies and matches each to the request it names: the book's protocol echoes a request's
 * length, and no two requests a socket may still hear about share a length ({@link RequestSlots}). An
 * answer to a request in flight ends its round trip; a reply to a timed-out request is late, a second
 * reply is a duplicate, anything else is wrong. Only answers end round trips, so none of the others can
 * hide a loss or be timed against another request.
 */
final class ReplyMatcher {
    private final RttRecorder rtt;
    private final Tally tally;
    private final long timeoutNanos;

    ReplyMatcher(RttRecorder rtt, Tally tally, long timeoutNanos) {
        this.rtt = rtt;
        this.tally = tally;
        this.timeoutNanos = timeoutNanos;
    }

    /** Takes in whatever replies {@code lane} has waiting; their round trips end when the receive call returns. */
    void receive(Lane lane) throws NativeSocketException {
        int count = lane.receive(tally);
        if (count == 0) {
            return;
        }
        long received = System.nanoTime();
        MessageVector replies = lane.replies();
        for (int i = 0; i < count; i++) {
            if (replies.truncated(i)) {
                tally.countWrong();
                continue;
            }
            ByteBuffer reply = replies.buffer(i).clear().limit(replies.length(i));
            if (lane.ids().isPresent()) {
                matchId(lane, lane.ids().get(), reply, received);
                continue;
            }
            // The OptionalInt never escapes, so C2 replaces it with its int: nothing is allocated per reply.
            OptionalInt size = LengthProtocol.parseReply(reply);
            if (size.isPresent() && lane.sends(size.getAsInt())) {
                match(lane.slots(), lane.slotOf(size.getAsInt()), received);
            } else {
                tally.countWrong();
            }
        }
        replies.prepareReceive(count);
        tally.countReceived(count);
    }

    /** A reply of the ID protocol names its request by ID (its tag checked, with a key); anything else is wrong. */
    private void matchId(Lane lane, IdProtocol protocol, ByteBuffer reply, long received) {
        if (protocol.check(reply) == IdProtocol.Verdict.REPLY && lane.sendsId(IdProtocol.idOf(reply))) {
            match(lane.slots(), lane.slotOfId(IdProtocol.idOf(reply)), received);
        } else {
            tally.countWrong();
        }
    }

    private void match(RequestSlots slots, int slot, long received) {
        boolean timed = slots.timed(slot);
        // Read after its timeout, though the generator had not got round to timing it out: late all the same.
        if (slots.startedBy(slot, received - timeoutNanos)) {
            tally.countLost(timed);
            slots.timeOut(slot, received);
        }
        switch (slots.match(slot)) {
            case ANSWER -> {
                tally.countAnswered(timed);
                if (timed) {
                    rtt.record(received - slots.startedAt(slot));
                }
            }
            case LATE -> tally.countLate(timed);
            case DUPLICATE -> tally.countDuplicate(timed);
            case NEVER_SENT -> tally.countWrong();
        }
    }
}
