package org.udpkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A program with a server and a client role, like the book's {@code udp_local.py server|client}. */
abstract class RoleCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Called without a role: say what is missing instead of doing nothing. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which role to play: server or client");
    }
}
