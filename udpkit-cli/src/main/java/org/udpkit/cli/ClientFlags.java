package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;

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
}
