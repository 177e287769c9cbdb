package org.udpkit.load;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.udpkit.load.RequestSlots.Match;

import static org.assertj.core.api.Assertions.assertThat;

/** How a socket's slots pair replies with requests, on made-up clock values, without a socket. */
class RequestSlotsTest {
    private static final long TIMEOUT = 1_000;

    private static int launch(RequestSlots slots, long at) {
        int slot = slots.take();
        slots.launch(slot, at, true);
        return slot;
    }

    @Test
    void aReplyAnswersTheRequestInItsSlotOnceAndAnyMoreAreDuplicates() {
        RequestSlots slots = new RequestSlots(2);
        int first = launch(slots, 10);
        int second = launch(slots, 20);
        assertThat(first).isNotEqualTo(second);
        assertThat(slots.match(second)).isEqualTo(Match.ANSWER);
        assertThat(slots.startedAt(second)).isEqualTo(20);
        assertThat(slots.match(second)).isEqualTo(Match.DUPLICATE);
        assertThat(slots.match(first)).isEqualTo(Match.ANSWER);
        assertThat(slots.inFlightCount()).isZero();
    }

    @Test
    void aSizeNeverSentIsNoRequestsReply() {
        RequestSlots slots = new RequestSlots(1);
        int sent = launch(slots, 0);
        for (int slot = 0; slot < slots.slotCount(); slot++) {
            if (slot != sent) {
                assertThat(slots.match(slot)).isEqualTo(Match.NEVER_SENT);
            }
        }
    }

    @Test
    void aTimedOutRequestKeepsItsSlotForOneMoreTimeoutSoItsReplyIsLate() {
        RequestSlots slots = new RequestSlots(1);
        int slot = launch(slots, 0);
        assertThat(slots.oldestStartedBy(-1)).isFalse();
        assertThat(slots.oldestStartedBy(0)).isTrue();
        assertThat(slots.timeOutOldest(TIMEOUT)).isEqualTo(slot);
        assertThat(slots.nextDeadline(TIMEOUT, Long.MAX_VALUE)).isEqualTo(2 * TIMEOUT);
        slots.freeTimedOutBy(TIMEOUT - 1);
        assertThat(slots.match(slot)).isEqualTo(Match.LATE);
        assertThat(slots.match(slot)).isEqualTo(Match.DUPLICATE);
    }

    @Test
    void theWindowBoundsWhatIsInFlightAndWKeptBackBoundReuse() {
        int window = 3;
        RequestSlots slots = new RequestSlots(window);
        assertThat(slots.slotCount()).isEqualTo(4 * window);
        assertThat(slots.room()).isEqualTo(window);
        int answered = launch(slots, 0);
        launch(slots, 0);
        launch(slots, 0);
        assertThat(slots.room()).isZero();
        slots.match(answered);
        // Answered and resent, again and again: the freed size comes back only after more than W others went.
        Set<Integer> sinceFreed = new HashSet<>();
        int next;
        while ((next = launch(slots, 1)) != answered) {
            sinceFreed.add(next);
            slots.match(next);
        }
        assertThat(sinceFreed.size()).isGreaterThan(window);
    }

    @Test
    void timedOutSlotsComeFreeOneTimeoutAfterTheyTimedOut() {
        RequestSlots slots = new RequestSlots(1);
        // W kept back, and room for 2 W timed out while the window refills: the third makes the socket wait.
        for (int i = 0; i < 3; i++) {
            assertThat(slots.room()).isEqualTo(1);
            launch(slots, i * TIMEOUT);
            slots.timeOutOldest((i + 1) * TIMEOUT);
        }
        assertThat(slots.room()).isZero();
        slots.freeTimedOutBy(TIMEOUT);
        assertThat(slots.room()).isEqualTo(1);
    }

    @Test
    void aSlotNotSentGoesBackToTheFrontOfTheQueue() {
        RequestSlots slots = new RequestSlots(2);
        int taken = slots.take();
        slots.putBack(taken);
        assertThat(slots.take()).isEqualTo(taken);
    }
}
