package org.udpkit.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;

import org.udpkit.client.UdpClient;
import org.udpkit.net.Endpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * One datagram, from any port you like: enough to play the book's attacker and answer a waiting
 * promiscuous client before its server does.
 */
@Command(name = "send", description = "Send one datagram (e.g. a forged reply to a waiting client).")
final class SendCommand extends UdpkitCommand {
    @Parameters(index = "0", paramLabel = "HOST", description = "where to send")
    String host;
    @Parameters(index = "1", paramLabel = "PORT", converter = PortConverter.class, description = "UDP port to send to")
    int port;
    @Parameters(index = "2", paramLabel = "TEXT", description = "what to send")
    String text;
    @Option(names = "--from", paramLabel = "PORT", converter = PortConverter.class,
            description = "send from this local port (default: one the OS picks)")
    int fromPort;
    @Option(names = "--broadcast",
            description = "allow a broadcast address (sets SO_BROADCAST; without it the kernel refuses to send there)")
    boolean broadcast;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress target = Addresses.destination(host, port);
        StandardProtocolFamily family = Endpoints.familyOf(target.getAddress());
        InetSocketAddress from = new InetSocketAddress(Endpoints.anyLocal(family), fromPort);
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        UdpClient sender;
        try {
            sender = UdpClient.unconnected(target, from);
        } catch (SocketException e) {
            throw new UsageException(e.getMessage());
        }
        try (sender) {
            if (broadcast) {
                sender.enableBroadcast();
            }
            try {
                sender.send(data);
            } catch (IOException e) {
                // The kernel answers EACCES to a send to a broadcast address without SO_BROADCAST (the book's
                // lesson); the JDK reports that errno, and only that one on a send, as a BindException.
                if (!broadcast && e.getCause() instanceof BindException) {
                    throw new UsageException("the kernel refused to send to " + Endpoints.format(target)
                            + " (permission denied): to a broadcast address only with --broadcast, which sets SO_BROADCAST", e);
                }
                throw e;
            }
            out().println("Sent " + data.length + " bytes from port " + sender.localAddress().getPort() + " to "
                    + Endpoints.format(target));
        }
        return ExitCodes.OK;
    }
}
