package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.udpkit.client.Reply;
import org.udpkit.protocol.QuotedText;

import org.udpkit.client.UdpClient;
import org.udpkit.net.Endpoints;
import picocli.CommandLine.Option;

/** Options every client command shares: connected or promiscuous, and what to send. */
final class ClientFlags {
    @Option(names = "--no-connect", negatable = false,
            description = "leave the socket unconnected, so a reply from any address is accepted (the book's promiscuous client)")
    boolean noConnect;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "what to send instead of the book's text")
    String message;

    /**
     * Opens the client and says, on stderr (stdout is the book's), whether it is connected, since that
     * decides who can answer it.
     */
    UdpClient open(InetSocketAddress server, PrintWriter err) throws IOException {
        UdpClient client = noConnect ? UdpClient.unconnected(server) : UdpClient.connected(server);
        if (client.isConnected()) {
            err.println("Connected to " + Endpoints.format(server)
                    + ": replies from any other address are ignored (use --no-connect to accept them)");
        } else {
            err.println("Not connected: a reply from any address will be accepted");
        }
        return client;
    }

    /**
     * Says on stderr, and counts, each datagram the client did not take as the book's reply: the book's client
     * would have printed it as the server's answer.
     */
    Consumer<Reply> ignoring(PrintWriter err) {
        long[] ignored = {0};
        return reply -> {
            ignored[0]++;
            err.println("Ignored a datagram from " + Endpoints.format(reply.from())
                    + " that is not the book's reply to this request (" + ignored[0] + " so far): "
                    + QuotedText.of(ByteBuffer.wrap(reply.data()), 80));
            err.flush();
        };
    }
}
