package org.udpkit.load;

import org.udpkit.linux.NativeSocketException;

/**
 * Sends what the {@link Pacing} asks for and says when each request's round trip starts, since that is
 * part of the pacing: in the closed loop just before the send call, in the open loop when the request
 * was due.
 */
sealed interface Pacer extends RoundTripStart {

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

    /** Fills every socket's window, as far as its free slots and the socket take it. */
    final class Closed implements Pacer {
        private final Tally tally;

        Closed(Tally tally) {
            this.tally = tally;
        }

        @Override
        public int send(Lane[] lanes, long now, int atMostMillis) throws NativeSocketException {
            for (Lane lane : lanes) {
                int prepared;
                while ((prepared = lane.prepare(Integer.MAX_VALUE)) > 0) {
                    if (lane.send(prepared, this, tally) == 0) {
                        break;
                    }
                }
            }
            return atMostMillis;
        }

        @Override
        public long startOf(int record, long beforeSend) {
            return beforeSend;
        }
    }

    /**
     * Sends the requests due, taking the sockets in turn. A request that falls due while every socket's
     * slots are busy is skipped and counted as not sent: waiting for room would make the load follow the
     * server, which is what an open loop must not do.
     */
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
            boolean room = false;
            for (int tried = 0; due > 0 && tried < lanes.length; tried++) {
                Lane lane = lanes[nextLane];
                nextLane = nextLane + 1 == lanes.length ? 0 : nextLane + 1;
                int prepared = lane.prepare(due);
                if (prepared > 0) {
                    room = true;
                    int sent = lane.send(prepared, this, tally);
                    schedule.sent(sent);
                    due -= sent;
                }
            }
            if (due > 0 && !room) {
                tally.countNotSent(due);
                schedule.sent(due);
            }
            return schedule.millisUntilNextDue(System.nanoTime(), atMostMillis);
        }

        /** The schedule has not counted the batch yet, so its next request is the batch's first. */
        @Override
        public long startOf(int record, long beforeSend) {
            return schedule.dueAt(schedule.next() + record);
        }
    }
}
