package org.udpkit.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a person watches a stream: live lines (progress, intervals) and terminal escapes are for a
 * terminal only, never for a file or a pipe that a script reads.
 */
enum Terminal {
    STDOUT(1),
    STDERR(2);

    private final int fd;

    Terminal(int fd) {
        this.fd = fd;
    }

    /**
     * On Linux the stream's file descriptor names its device (/dev/pts/N, /dev/ttyN); elsewhere the JDK's
     * console says whether stdin and stdout are both a terminal, the best it can tell.
     */
    boolean isTerminal() {
        try {
            String device = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            Console console = System.console();
            return console != null && console.isTerminal();
        }
    }
}
