package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes what a release installs beside the program, from the same picocli model the commands run on, so
 * that completion and manual never disagree with {@code --help}: a bash (and zsh, through bashcompinit)
 * completion script, and a man page per command ({@code udpkit.1}, {@code udpkit-local.1},
 * {@code udpkit-local-server.1} ...). Run by the build: {@code ReleaseFiles COMPLETION_FILE MAN_DIRECTORY}.
 */
public final class ReleaseFiles {
    private ReleaseFiles() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ReleaseFiles COMPLETION_FILE MAN_DIRECTORY");
        }
        CommandLine udpkit = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        Path completion = Path.of(args[0]);
        Files.createDirectories(completion.toAbsolutePath().getParent());
        Files.writeString(completion, AutoComplete.bash("udpkit", udpkit), StandardCharsets.UTF_8);
        Path manDirectory = Files.createDirectories(Path.of(args[1]));
        writeManPages(udpkit, manDirectory);
    }

    private static void writeManPages(CommandLine command, Path directory) throws IOException {
        CommandSpec spec = command.getCommandSpec();
        String page = spec.qualifiedName("-");
        Files.writeString(directory.resolve(page + ".1"), manPage(spec), StandardCharsets.UTF_8);
        for (CommandLine sub : command.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                writeManPages(sub, directory);
            }
        }
    }

    /** One page in the man(7) macros: name, synopsis, description, options, arguments, commands, see also. */
    static String manPage(CommandSpec spec) {
        StringBuilder page = new StringBuilder();
        String name = spec.qualifiedName("-");
        page.append(".TH ").append(name.toUpperCase(Locale.ROOT)).append(" 1 \"").append(LocalDate.now())
                .append("\" \"udpkit\" \"udpkit manual\"\n");
        page.append(".SH NAME\n").append(escape(name)).append(" \\- ")
                .append(escape(String.join(" ", spec.usageMessage().description()))).append('\n');
        page.append(".SH SYNOPSIS\n.B ").append(escape(spec.qualifiedName(" "))).append('\n');
        for (OptionSpec option : spec.options()) {
            page.append("[\\fB").append(escape(option.shortestName())).append("\\fR");
            if (option.arity().max() > 0) {
                page.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
            }
            page.append("]\n");
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            page.append("\\fI").append(escape(parameter.paramLabel())).append("\\fR\n");
        }
        if (!spec.subcommands().isEmpty()) {
            page.append("\\fICOMMAND\\fR\n");
        }
        page.append(".SH DESCRIPTION\n");
        for (String paragraph : spec.usageMessage().description()) {
            page.append(escape(paragraph)).append("\n.PP\n");
        }
        if (!spec.options().isEmpty()) {
            page.append(".SH OPTIONS\n");
            for (OptionSpec option : spec.options()) {
                page.append(".TP\n\\fB").append(escape(String.join(", ", option.names()))).append("\\fR");
                if (option.arity().max() > 0) {
                    page.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
                }
                page.append('\n').append(escape(description(option))).append('\n');
            }
        }
        if (!spec.positionalParameters().isEmpty()) {
            page.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec parameter : spec.positionalParameters()) {
                page.append(".TP\n\\fI").append(escape(parameter.paramLabel())).append("\\fR\n")
                        .append(escape(description(parameter))).append('\n');
            }
        }
        if (!spec.subcommands().isEmpty()) {
            page.append(".SH COMMANDS\n");
            spec.subcommands().forEach((subName, sub) -> {
                if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                    page.append(".TP\n\\fB").append(escape(subName)).append("\\fR\n")
                            .append(escape(String.join(" ", sub.getCommandSpec().usageMessage().description())))
                            .append(" See \\fB").append(escape(sub.getCommandSpec().qualifiedName("-"))).append("\\fR(1).\n");
                }
            });
        }
        page.append(".SH EXIT STATUS\n0 it worked; 1 it failed (e.g. the server is down); 2 the command line cannot work.\n");
        return page.toString();
    }

    /** The description with picocli's ${DEFAULT-VALUE} and ${COMPLETION-CANDIDATES} filled in, as --help shows it. */
    private static String description(ArgSpec arg) {
        List<String> candidates = new ArrayList<>();
        if (arg.completionCandidates() != null) {
            arg.completionCandidates().forEach(candidates::add);
        }
        return String.join(" ", arg.description())
                .replace("${DEFAULT-VALUE}", String.valueOf(arg.defaultValueString()))
                .replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates));
    }

    /** troff: a backslash is written twice, a leading dot or quote would start a request, a hyphen is a minus. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\\\").replace("-", "\\-");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
