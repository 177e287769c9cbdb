package org.udpkit.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;

import org.udpkit.book.BookLines;
import org.udpkit.mtu.BigDatagramResult;
import org.udpkit.mtu.PathMtuProbe;
import org.udpkit.net.Endpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * big_sender.py: send one datagram too big for the path, fragmentation forbidden, and print the path MTU the
 * kernel knows so far; it learns a narrower link further on only from a router's ICMP, so a second run may say
 * more. {@code udpkit mtu} finds the path's MTU by probing.
 */
@Command(name = "big-sender",
        description = "Send a big UDP datagram with don't-fragment set and print the path MTU the kernel knows so far"
                + " (Linux): as with the book's, a narrower link further on shows only on a later run, after the router's"
                + " ICMP. 'udpkit mtu HOST' finds the path MTU by probing.")
final class BigSenderCommand extends UdpkitCommand {
    @Parameters(index = "0", paramLabel = "HOST", description = "the host to which to target the packet")
    String host;
    @Mixin
    PortOption port;
    @Option(names = "--size", paramLabel = "BYTES", converter = CountConverter.BigDatagramBytes.class,
            description = "datagram size, up to 16777216 (default ${DEFAULT-VALUE}, as the book's)")
    int size = PathMtuProbe.BOOK_SIZE;
    @Mixin
    JsonOption output;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress target = Addresses.destination(host, port.port);
        BigDatagramResult result = PathMtuProbe.sendBig(target, size);
        if (output.json) {
            Json.write(out(), json -> {
                json.writeStartObject();
                json.writeStringField("target", Endpoints.format(target));
                json.writeNumberField("size", result.size());
                switch (result) {
                    case BigDatagramResult.Sent sent -> {
                        json.writeStringField("result", "sent");
                        json.writeNumberField("path_mtu", sent.pathMtu());
                    }
                    case BigDatagramResult.TooBig tooBig -> {
                        json.writeStringField("result", "too_big");
                        json.writeNumberField("path_mtu", tooBig.pathMtu());
                        json.writeStringField("kernel_says", tooBig.kernelSays());
                    }
                    case BigDatagramResult.Unsupported unsupported -> {
                        json.writeStringField("result", "unsupported");
                        json.writeStringField("reason", unsupported.reason());
                    }
                }
                json.writeEndObject();
            });
        } else {
            PrintWriter lines = result instanceof BigDatagramResult.Unsupported ? err() : out();
            BookLines.bigDatagram(result).forEach(lines::println);
        }
        return result instanceof BigDatagramResult.Unsupported ? ExitCodes.FAILURE : ExitCodes.OK;
    }
}
