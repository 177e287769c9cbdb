package org.udpkit.load;

/**
 * What a run measured: the timed part's figures for the rate, and the whole run's for loss and errors,
 * since a request lost during the warm-up is still a request lost.
 *
 * @param sent       requests sent in the timed part
 * @param received   replies received in the timed part
 * @param seconds    length of the timed part
 * @param sentTotal  requests sent in all, warm-up included
 * @param lostTotal  requests of the whole run never answered, after a short wait at the end
 * @param wrongTotal replies that were not the book's answer for the request's size
 * @param refused    times the system reported nobody listening at the target (ICMP port unreachable)
 */
public record LoadResult(long sent, long received, double seconds, long sentTotal, long lostTotal, long wrongTotal,
                         long refused) {
    public double repliesPerSecond() {
        return received / seconds;
    }

    /** The fraction of all requests lost, 0 to 1. */
    public double lossRatio() {
        return sentTotal == 0 ? 0 : (double) lostTotal / sentTotal;
    }
}
