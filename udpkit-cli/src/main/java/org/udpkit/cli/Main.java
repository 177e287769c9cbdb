package org.udpkit.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code udpkit}: the UDP programs of Foundations of Python Network Programming, chapter 2. */
@Command(name = "udpkit",
        // Inherited: every subcommand gets --help and --version without declaring them.
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = "The UDP programs of Foundations of Python Network Programming (chapter 2), and more.",
        subcommands = {
                TourCommand.class,
                LocalCommand.class,
                RemoteCommand.class,
                SendCommand.class,
                BigSenderCommand.class,
                BroadcastCommand.class,
                ServicesCommand.class,
                SockoptsCommand.class,
                InterfacesCommand.class,
                BenchCommand.class,
                PerfCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main extends UdpkitCommand {
    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args));
    }

    /** Runs one command line with the given output streams; returns its exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(ExitCodes::onBadCommandLine);
        cli.setExecutionExceptionHandler(ExitCodes::onFailure);
        cli.setExitCodeExceptionMapper(ExitCodes::of);
        return cli;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed, e.g. 'udpkit tour'");
    }
}
