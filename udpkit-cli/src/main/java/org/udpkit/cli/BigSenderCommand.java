package org.udpkit.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;

import org.udpkit.mtu.BigDatagramResult;
import org.udpkit.mtu.PathMtuProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** big_sender.py: send one datagram too big for the path, fragmentation forbidden, and learn the MTU. */
@Command(name = "big-sender", mixinStandardHelpOptions = true,
        description = "Send a big UDP datagram with don't-fragment set to learn the MTU of the network path (Linux).")
final class BigSenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "HOST", description = "the host to which to target the packet")
    String host;
    @Mixin
    PortOption port;
    @Option(names = "--size", paramLabel = "BYTES", description = "datagram size (default ${DEFAULT-VALUE}, as the book's)")
    int size = PathMtuProbe.BOOK_SIZE;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!PathMtuProbe.isSupported()) {
            spec.commandLine().getErr().println(PathMtuProbe.unsupportedMessage());
            return ExitCodes.FAILURE;
        }
        if (size < 0 || size > PathMtuProbe.MAX_SIZE) {
            throw new UsageException("--size must be 0-" + PathMtuProbe.MAX_SIZE + " bytes, not " + size);
        }
        InetSocketAddress target = Addresses.of(host, port.port);
        BigDatagramResult result = PathMtuProbe.sendBig(target, size);
        for (String line : BookLines.bigDatagram(result)) {
            out.println(line);
        }
        return ExitCodes.OK;
    }
}
