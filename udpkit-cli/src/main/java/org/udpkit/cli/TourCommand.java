package org.udpkit.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The whole chapter in a few seconds, on loopback. */
@Command(name = "tour", mixinStandardHelpOptions = true,
        description = "Run every section of the chapter on loopback with real sockets and narrate what happens.")
final class TourCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return new Tour(spec.commandLine().getOut()).run();
    }
}
