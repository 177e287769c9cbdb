package org.udpkit.cli;


import picocli.CommandLine.Command;

/** The whole chapter in a few seconds, on loopback. */
@Command(name = "tour",
        description = "Run every section of the chapter on loopback with real sockets and narrate what happens.")
final class TourCommand extends UdpkitCommand {

    @Override
    public Integer call() throws Exception {
        return new Tour(out()).run();
    }
}
