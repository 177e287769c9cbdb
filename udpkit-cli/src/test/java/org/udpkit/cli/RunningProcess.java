package org.udpkit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program run as a user would run it, in its own process: its output read line by line as it comes,
 * stopped with SIGTERM like Ctrl-C would, and killed for sure when the test ends.
 */
final class RunningProcess implements AutoCloseable {
    /** Grants the library's module the native access its Linux layer needs (the tests' JVM has it too). */
    static final String NATIVE_ACCESS = "--enable-native-access=org.udpkit";

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private RunningProcess(Process process) {
        this(process, process.getInputStream());
    }

    /** Keeps the lines of {@code output}, one of the process's streams. */
    private RunningProcess(Process process, java.io.InputStream output) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process is gone; what it printed is kept
            }
        });
    }

    /** {@code udpkit ARGS} in a JVM like the one running the tests, on the tests' module path. */
    static RunningProcess udpkit(String... args) throws IOException {
        return udpkit(List.of(), args);
    }

    /** The same with extra JVM options, e.g. a hosts file so that no name is looked up in DNS. */
    static RunningProcess udpkit(List<String> jvmOptions, String... args) throws IOException {
        return start(udpkitCommand(jvmOptions, args));
    }

    /**
     * {@code udpkit ARGS} with a stdout that nobody reads: a pipe, which fills after 64 KiB and then takes
     * nothing more. Only stderr is kept.
     */
    static RunningProcess udpkitWithStdoutUnread(String... args) throws IOException {
        Process process = new ProcessBuilder(udpkitCommand(List.of(), args)).start();
        return new RunningProcess(process, process.getErrorStream());
    }

    /** {@code udpkit ARGS}, keeping only its stdout. */
    static RunningProcess udpkitStdoutOnly(String... args) throws IOException {
        return startStdoutOnly(udpkitCommand(List.of(), args));
    }

    private static List<String> udpkitCommand(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(javaCommand(), NATIVE_ACCESS,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(mainOnModulePath());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The end of a java command line that runs udpkit's {@link Main} as the launcher does: module
     * org.udpkit.cli on the module path the tests run on (this module's classes, the library and their
     * dependencies; the test classes are not needed).
     */
    static List<String> mainOnModulePath() {
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath == null) {
            throw new IllegalStateException("the tests do not run on the module path, so neither can udpkit's child JVMs");
        }
        return List.of("--module-path", modulePath, "--module", Main.class.getModule().getName() + "/" + Main.class.getName());
    }

    /** The book's Python programs (src/test/resources/python/book_udp.py). */
    static RunningProcess python(String role, String host, int port) throws IOException {
        Path script = Path.of("src/test/resources/python/book_udp.py").toAbsolutePath();
        return start(List.of("python3", "-u", script.toString(), role, host, String.valueOf(port)));
    }

    static RunningProcess start(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        return new RunningProcess(builder.start());
    }

    /** The same, keeping only stdout: to compare what a program prints there with the book's. */
    static RunningProcess startStdoutOnly(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        return new RunningProcess(builder.start());
    }

    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Waits for a line matching {@code regex}; returns its match (groups included). */
    Matcher awaitLine(String regex, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = pattern.matcher(lines.get(seen));
                    if (m.find()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no line matching /" + regex + "/ within " + timeout + "; output so far:\n"
                            + String.join("\n", lines));
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /**
     * Sends SIGTERM (what Ctrl-C's shutdown amounts to) and waits for the exit code. Through kill(1),
     * not {@link Process#destroy()}, which also closes our end of its output and loses the last lines.
     */
    int stop(Duration timeout) throws InterruptedException, IOException {
        Process kill = new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("could not send SIGTERM to " + process.pid());
        }
        return awaitExit(timeout);
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not exit within " + timeout + "; output:\n" + output());
        }
        reader.join(5000);
        return process.exitValue();
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
