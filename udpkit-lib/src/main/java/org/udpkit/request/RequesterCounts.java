package org.udpkit.request;

/**
 * What a {@link Requester} counted: its requests and their outcomes, the datagrams it sent, and every
 * datagram it received and did not take as an answer, by kind.
 *
 * @param requests        requests given to it
 * @param answered        requests answered
 * @param timedOut        requests that timed out
 * @param refused         requests ended by ICMP port unreachable
 * @param sent            datagrams sent, retransmissions included
 * @param retransmissions datagrams sent again for a request already sent
 * @param duplicates      valid replies to a request already answered
 * @param stale           valid replies to a request no longer waited for (timed out or refused)
 * @param forged          replies from another address, with a bad tag, an ID never sent, or a transmission not yet sent
 * @param notUnderstood   datagrams that are not replies of the ID protocol (malformed, another version, a request)
 */
public record RequesterCounts(long requests, long answered, long timedOut, long refused, long sent, long retransmissions,
                              long duplicates, long stale, long forged, long notUnderstood) {
}
