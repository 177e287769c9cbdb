package org.udpkit.cli;

import java.io.PrintWriter;

/** Placeholder while the tour is written. */
final class Tour {
    private final PrintWriter out;

    Tour(PrintWriter out) {
        this.out = out;
    }

    int run() {
        out.println("The tour is being written.");
        return ExitCodes.FAILURE;
    }
}
