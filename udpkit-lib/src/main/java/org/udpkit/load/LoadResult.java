package org.udpkit.load;

import java.util.OptionalDouble;

/**
 * What a run measured. Every count but the two totals covers the same requests: those sent in the timed
 * part, each followed to its end (an answer, or no answer within the timeout) in a drain after the timed
 * part, so {@code sent == answered + lost} exactly. Late and duplicate replies belong to those requests
 * too; they never answer one, so they never hide a loss.
 *
 * @param seconds       length of the timed part
 * @param sent          requests sent in the timed part
 * @param answered      of those, the ones answered right within the timeout: one round trip each
 * @param lost          of those, the ones with no right answer within the timeout
 * @param late          replies to lost requests that came after their timeout (within the drain)
 * @param duplicates    second replies to requests already answered
 * @param wrong         replies that are not the book's answer to any request sent: not the protocol's,
 *                      or for a size never sent (counted from the timed part's start to the drain's end)
 * @param notSent       requests of an open loop that fell due while every slot of the window was busy,
 *                      skipped (not in {@code sent})
 * @param refused       times the system reported nobody listening at the target (ICMP port unreachable)
 * @param sentTotal     requests sent in all, warm-up included
 * @param receivedTotal datagrams received in all, warm-up and drain included
 */
public record LoadResult(double seconds, long sent, long answered, long lost, long late, long duplicates, long wrong,
                         long notSent, long refused, long sentTotal, long receivedTotal) {
    /** Requests of the timed part answered, per second of it. */
    public double answeredPerSecond() {
        return answered / seconds;
    }

    /** The fraction of the timed part's requests lost, 0 to 1; empty when none was sent. */
    public OptionalDouble lossRatio() {
        return sent == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) lost / sent);
    }
}
