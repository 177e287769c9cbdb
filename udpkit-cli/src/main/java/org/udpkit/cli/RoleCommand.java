package org.udpkit.cli;

import picocli.CommandLine;

/** A program with a server and a client role, like the book's {@code udp_local.py server|client}. */
abstract class RoleCommand extends UdpkitCommand {
    /** Called without a role: say what is missing instead of doing nothing. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which role to play: server or client");
    }
}
