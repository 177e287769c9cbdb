package org.udpkit.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code udpkit}: the UDP programs of Foundations of Python Network Programming, chapter 2. */
@Command(name = "udpkit",
        // Inherited: every subcommand gets --help and --version without declaring them.
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = "The UDP programs of Foundations of Python Network Programming (chapter 2), and more.")
public final class Main extends UdpkitCommand {
    /** Every program, by the name a user types, in the order --help lists them. */
    private static final Map<String, Class<?>> PROGRAMS = programs(
            TourCommand.class,
            LocalCommand.class,
            RemoteCommand.class,
            SendCommand.class,
            BigSenderCommand.class,
            MtuCommand.class,
            BroadcastCommand.class,
            MulticastCommand.class,
            ServicesCommand.class,
            SockoptsCommand.class,
            InterfacesCommand.class,
            BenchCommand.class,
            RequestCommand.class,
            PerfCommand.class);

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args));
    }

    /** Runs one command line with the given output streams; returns its exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err, args).execute(args);
    }

    /**
     * The command line for {@code args}. Only the program they name is built: picocli builds a command's
     * model by reflection, which is most of what a short command costs to start; help, a typo or no program
     * at all get every program, so that usage and suggestions list them all.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        Class<?> named = args.length == 0 ? null : PROGRAMS.get(args[0]);
        if (named != null) {
            cli.addSubcommand(named);
        } else {
            PROGRAMS.values().forEach(cli::addSubcommand);
            cli.addSubcommand(CommandLine.HelpCommand.class);
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(ExitCodes::onBadCommandLine);
        cli.setExecutionExceptionHandler(ExitCodes::onFailure);
        cli.setExitCodeExceptionMapper(ExitCodes::of);
        return cli;
    }

    private static Map<String, Class<?>> programs(Class<?>... commands) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> command : commands) {
            byName.put(command.getAnnotation(Command.class).name(), command);
        }
        return Collections.unmodifiableMap(byName);
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed, e.g. 'udpkit tour'");
    }
}
