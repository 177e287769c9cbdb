package org.udpkit.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The open loop's arithmetic, on made-up nanoTime values: which requests are due, and when. */
class OpenLoopScheduleTest {
    private static final long START = 5_000_000_000L;
    private static final long MILLI = 1_000_000L;

    @Test
    void theFirstRequestIsDueAtTheStartAndOneMoreEveryPeriod() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(START, 1000); // one per millisecond
        assertThat(schedule.due(START)).isEqualTo(1);
        assertThat(schedule.due(START + MILLI - 1)).isEqualTo(1);
        assertThat(schedule.due(START + MILLI)).isEqualTo(2);
        assertThat(schedule.due(START + 10 * MILLI + 500_000)).isEqualTo(11);
    }

    @Test
    void whatWasSentIsNoLongerDue() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(START, 1000);
        schedule.sent(4);
        assertThat(schedule.next()).isEqualTo(4);
        assertThat(schedule.due(START + 2 * MILLI)).isEqualTo(-1);
        assertThat(schedule.due(START + 9 * MILLI)).isEqualTo(6);
    }

    @Test
    void aRequestsClockStartsWhenItWasDueNotWhenItWent() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(START, 4000); // every 250 us
        assertThat(schedule.dueAt(0)).isEqualTo(START);
        assertThat(schedule.dueAt(1)).isEqualTo(START + 250_000);
        assertThat(schedule.dueAt(4000)).isEqualTo(START + 1_000_000_000L);
    }

    @Test
    void pollWaitsUntilTheNextRequestIsDueButNoLonger() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(START, 100); // every 10 ms
        schedule.sent(1);
        assertThat(schedule.millisUntilNextDue(START, 50)).isEqualTo(10);
        assertThat(schedule.millisUntilNextDue(START + 3 * MILLI + 1, 50)).isEqualTo(6);
        assertThat(schedule.millisUntilNextDue(START + 11 * MILLI, 50)).isZero();
        assertThat(schedule.millisUntilNextDue(START, 4)).isEqualTo(4);
        schedule.sent(99);
        assertThat(schedule.millisUntilNextDue(START, 50)).isEqualTo(50);
    }
}
