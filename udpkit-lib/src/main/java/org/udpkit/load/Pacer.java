package org.udpkit.load;

import org.udpkit.linux.NativeSocketException;

/**
 * Sends what the {@link Pacing} asks for and starts each request's round trip, since when a round trip
 * starts is part of the pacing: in the closed loop when the send returns (as the C {@code blast} does),
 * in the open loop when the request was due.
 */
sealed interface Pacer {

    static Pacer of(Pacing pacing, long start, Tally tally) {
        return switch (pacing) {
            case Pacing.ClosedLoop closed -> new Closed(tally);
            case Pacing.OpenLoop open -> new Open(new OpenLoopSchedule(start, open.requestsPerSecond()), tally);
        };
    }

    /**
     * Sends what is due at {@code now} over {@code lanes}; returns how long to wait for replies before it is
     * time to send again, in milliseconds, at most {@code atMostMillis}.
     */
    int send(Lane[] lanes, long now, int atMostMillis) throws NativeSocketException;

    /** Fills every socket's window, as far as the socket takes it. */
    final class Closed implements Pacer {
        private final Tally tally;

        Closed(Tally tally) {
            this.tally = tally;
        }

        @Override
        public int send(Lane[] lanes, long now, int atMostMillis) throws NativeSocketException {
            for (Lane lane : lanes) {
                while (lane.room() > 0) {
                    int sent = lane.send(lane.room(), tally);
                    if (sent == 0) {
                        break;
                    }
                    long startedAt = System.nanoTime();
                    lane.startWaitingIfIdle(startedAt);
                    for (int i = 0; i < sent; i++) {
                        lane.inFlight().add(startedAt);
                    }
                }
            }
            return atMostMillis;
        }
    }

    /** Sends the requests due, taking the sockets in turn, as far as their windows let it. */
    final class Open implements Pacer {
        private final OpenLoopSchedule schedule;
        private final Tally tally;
        private int nextLane;

        Open(OpenLoopSchedule schedule, Tally tally) {
            this.schedule = schedule;
            this.tally = tally;
        }

        @Override
        public int send(Lane[] lanes, long now, int atMostMillis) throws NativeSocketException {
            long due = schedule.due(now);
            for (int tried = 0; due > 0 && tried < lanes.length; tried++) {
                Lane lane = lanes[nextLane];
                nextLane = nextLane + 1 == lanes.length ? 0 : nextLane + 1;
                int sent = lane.send((int) Math.min(due, lane.room()), tally);
                if (sent > 0) {
                    lane.startWaitingIfIdle(now);
                    for (int i = 0; i < sent; i++) {
                        lane.inFlight().add(schedule.dueAt(schedule.next() + i));
                    }
                }
                schedule.sent(sent);
                due -= sent;
            }
            return schedule.millisUntilNextDue(System.nanoTime(), atMostMillis);
        }
    }
}
