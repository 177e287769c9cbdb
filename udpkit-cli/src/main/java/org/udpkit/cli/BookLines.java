package org.udpkit.cli;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.udpkit.client.Reply;
import org.udpkit.mtu.BigDatagramResult;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.QuotedText;

/**
 * The sentences the book's programs print, in one place, so that every command and the tour say them
 * the same way (addresses as {@code host:port} instead of Python's tuples).
 */
final class BookLines {
    private BookLines() {
    }

    static String listeningAt(InetSocketAddress address) {
        return "Listening at " + Endpoints.format(address);
    }

    static String osAssigned(InetSocketAddress address) {
        return "The OS assigned me the address " + Endpoints.format(address);
    }

    static String clientSocketName(InetSocketAddress address) {
        return "Client socket name is " + Endpoints.format(address);
    }

    static String serverReplied(Reply reply) {
        return "The server " + Endpoints.format(reply.from()) + " replied " + quoted(reply);
    }

    static String serverSays(Reply reply) {
        return "The server says " + quoted(reply);
    }

    static String waitingUpTo(double seconds) {
        return "Waiting up to " + seconds + " seconds for a reply";
    }

    /** big_sender.py's one or two lines. */
    static String[] bigDatagram(BigDatagramResult result) {
        return result.sent()
                ? new String[] {"The big datagram was sent!"}
                : new String[] {"Alas, the datagram did not make it", "Actual MTU: " + result.mtu()};
    }

    static String quoted(Reply reply) {
        return QuotedText.of(ByteBuffer.wrap(reply.data()));
    }
}
