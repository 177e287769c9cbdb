package org.udpkit.request;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What became of one request: it was answered, it timed out, or the server's port was unreachable. */
public sealed interface RequestOutcome {
    /** The request's place in what was asked, from 0. */
    int index();

    /** Its ID on the wire. */
    long id();

    /** How many times it was sent. */
    int attempts();

    /**
     * A valid reply came.
     *
     * @param rtt          from the send of the attempt it answers (its transmission number says which) to its arrival
     * @param transmission the attempt it answers, from 1
     */
    record Answered(int index, long id, int attempts, int transmission, Duration rtt, byte[] reply) implements RequestOutcome {
        public Answered {
            reply = reply.clone();
        }

        @Override
        public byte[] reply() {
            return reply.clone();
        }

        /** The reply's payload as Latin-1 text, one character per byte. */
        public String text() {
            return new String(reply, StandardCharsets.ISO_8859_1);
        }
    }

    /** No valid reply within the deadline (or the schedule's last wait). */
    record TimedOut(int index, long id, int attempts) implements RequestOutcome {
    }

    /** The kernel reported the server's port unreachable (ICMP; connected sockets only). */
    record Refused(int index, long id, int attempts) implements RequestOutcome {
    }
}
