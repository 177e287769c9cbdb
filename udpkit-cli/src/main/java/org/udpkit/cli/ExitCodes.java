package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;

import org.udpkit.book.BookLines;
import org.udpkit.client.ServerDownException;
import picocli.CommandLine;

/**
 * What each way of ending means: 0 it worked, 1 it failed (the server is down, the network said no),
 * 2 the command line cannot work. Every failure is one sentence on stderr, never a stack trace.
 */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private ExitCodes() {
    }

    static int onBadCommandLine(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("udpkit: " + e.getMessage());
        // A typo of a program or option gets picocli's "Did you mean" with the nearest names.
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println(hint(cli));
        return USAGE;
    }

    static int onFailure(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        PrintWriter err = cli.getErr();
        int code = of(e);
        err.println("udpkit: " + sentence(e));
        if (code == USAGE) {
            err.println(hint(cli));
        }
        return code;
    }

    static int of(Throwable e) {
        if (e instanceof UsageException || e instanceof BindException) {
            return USAGE;
        }
        return FAILURE;
    }

    private static String sentence(Throwable e) {
        if (e instanceof ServerDownException down) {
            // The book's words, then what the client saw when it is more than silence.
            return switch (down.reason()) {
                case NO_REPLY -> BookLines.serverIsDown();
                case PORT_UNREACHABLE -> BookLines.serverIsDown() + ": " + down.getMessage();
            };
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e instanceof IOException ? "input/output failed" : e.getClass().getSimpleName();
        }
        return message;
    }

    private static String hint(CommandLine cli) {
        return "Try '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.";
    }
}
