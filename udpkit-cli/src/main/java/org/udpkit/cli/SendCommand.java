package org.udpkit.cli;

import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import org.udpkit.net.Endpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One datagram, from any port you like: enough to play the book's attacker and answer a waiting
 * promiscuous client before its server does.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send one datagram (e.g. a forged reply to a waiting client).")
final class SendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "HOST", description = "where to send")
    String host;
    @Parameters(index = "1", paramLabel = "PORT", converter = PortConverter.class, description = "UDP port to send to")
    int port;
    @Parameters(index = "2", paramLabel = "TEXT", description = "what to send")
    String text;
    @Option(names = "--from", paramLabel = "PORT", converter = PortConverter.class,
            description = "send from this local port (default: one the OS picks)")
    Integer fromPort;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        InetSocketAddress target = Addresses.of(host, port);
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.setReuseAddress(true);
            InetSocketAddress local = new InetSocketAddress(
                    Endpoints.anyLocal(target.getAddress() instanceof java.net.Inet6Address), fromPort == null ? 0 : fromPort);
            try {
                socket.bind(local);
            } catch (SocketException e) {
                throw new UsageException("cannot send from port " + local.getPort() + ": " + e.getMessage());
            }
            if (target.getAddress().isAnyLocalAddress() || isBroadcast(target)) {
                socket.setBroadcast(true);
            }
            socket.send(new DatagramPacket(data, data.length, target));
            out.println("Sent " + data.length + " bytes from port " + socket.getLocalPort() + " to " + Endpoints.format(target));
        }
        return ExitCodes.OK;
    }

    private static boolean isBroadcast(InetSocketAddress target) {
        byte[] raw = target.getAddress().getAddress();
        return raw.length == 4 && (raw[3] & 0xff) == 255;
    }
}
