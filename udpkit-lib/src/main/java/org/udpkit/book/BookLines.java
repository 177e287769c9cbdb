package org.udpkit.book;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.udpkit.client.Reply;
import org.udpkit.mtu.BigDatagramResult;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.QuotedText;

/**
 * Every sentence the book's programs print and every text they send, in one place, so that the library's
 * handlers, the commands and the tour say them alike. Addresses are written {@code host:port} (IPv6
 * {@code [::1]:port}) where Python prints a tuple.
 */
public final class BookLines {
    /** udp_remote.py's request. */
    public static final String ANOTHER_MESSAGE = "This is another message";
    /** udp_broadcast.py's datagram. */
    public static final String BROADCAST_DATAGRAM = "Broadcast datagram!";

    /** Python's {@code str(datetime.now())}. */
    private static final DateTimeFormatter PYTHON_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private BookLines() {
    }

    /** How a book's server introduces what a client sent: udp_local.py and udp_remote.py say "says", udp_broadcast.py "says:". */
    public enum Voice {
        ANSWERING("says"),
        BROADCAST_LISTENER("says:");

        private final String verb;

        Voice(String verb) {
            this.verb = verb;
        }
    }

    /** udp_local.py's request: {@code The time is 2026-12-03 06:51:01.123456}. */
    public static String timeIs(LocalDateTime now) {
        return "The time is " + now.format(PYTHON_DATETIME);
    }

    public static String listeningAt(InetSocketAddress address) {
        return "Listening at " + Endpoints.format(address);
    }

    /** udp_broadcast.py's server's first line. */
    public static String listeningForDatagramsAt(InetSocketAddress address) {
        return "Listening for datagrams at " + Endpoints.format(address);
    }

    /** {@code The client at 127.0.0.1:54321 says 'hello'}; a long payload is cut at {@code maxBytes}. */
    public static String clientSays(Voice voice, InetSocketAddress client, ByteBuffer payload, int maxBytes) {
        return clientAt(voice, client) + QuotedText.of(payload, maxBytes);
    }

    /**
     * What {@link #clientSays} puts before the payload, {@code The client at 127.0.0.1:54321 says }: the
     * same for every datagram from one client, so a narrator can keep it.
     */
    public static String clientAt(Voice voice, InetSocketAddress client) {
        return "The client at " + Endpoints.format(client) + " " + voice.verb + " ";
    }

    /** udp_remote.py's server, choosing not to answer. */
    public static String pretendingToDrop(InetSocketAddress client) {
        return "Pretending to drop packet from " + Endpoints.format(client);
    }

    public static String osAssigned(InetSocketAddress address) {
        return "The OS assigned me the address " + Endpoints.format(address);
    }

    public static String clientSocketName(InetSocketAddress address) {
        return "Client socket name is " + Endpoints.format(address);
    }

    public static String serverReplied(Reply reply) {
        return "The server " + Endpoints.format(reply.from()) + " replied " + quoted(reply);
    }

    public static String serverSays(Reply reply) {
        return "The server says " + quoted(reply);
    }

    public static String waitingUpTo(double seconds) {
        return "Waiting up to " + seconds + " seconds for a reply";
    }

    /** What udp_remote.py raises when the last wait passes with no reply. */
    public static String serverIsDown() {
        return "I think the server is down";
    }

    /** big_sender.py's one or two lines, or its refusal to run off Linux. */
    public static List<String> bigDatagram(BigDatagramResult result) {
        return switch (result) {
            case BigDatagramResult.Sent sent -> List.of("The big datagram was sent!");
            case BigDatagramResult.TooBig tooBig -> List.of("Alas, the datagram did not make it",
                    "Actual MTU: " + tooBig.pathMtu());
            case BigDatagramResult.Unsupported unsupported ->
                    List.of("Unsupported: Can only perform MTU discovery on Linux (" + unsupported.reason() + ")");
        };
    }

    /** A reply's bytes as the book prints {@code repr(data.decode('ascii'))}. */
    public static String quoted(Reply reply) {
        return QuotedText.of(ByteBuffer.wrap(reply.data()));
    }
}
