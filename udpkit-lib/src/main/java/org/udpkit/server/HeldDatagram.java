package org.udpkit.server;

import java.net.InetSocketAddress;

/**
 * A copy of a datagram a fault holds ({@link FaultyRequests}, {@link FaultyReplies}): its bytes, the peer it
 * came from or goes to, how many times it goes, when, and its place among those due at the same time.
 */
record HeldDatagram(byte[] payload, InetSocketAddress peer, int copies, long due, long order)
        implements Comparable<HeldDatagram> {
    @Override
    public int compareTo(HeldDatagram other) {
        int byDue = Long.compare(due, other.due);
        return byDue != 0 ? byDue : Long.compare(order, other.order);
    }

    HeldDatagram dueAt(long when, long newOrder) {
        return new HeldDatagram(payload, peer, copies, when, newOrder);
    }
}
