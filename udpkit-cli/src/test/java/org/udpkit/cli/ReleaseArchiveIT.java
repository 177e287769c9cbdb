package org.udpkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release archive the build made, as a user gets it: unpacked in an empty directory and run with no
 * JDK anywhere on the PATH, so that only its own jlink'd runtime can serve.
 */
class ReleaseArchiveIT {
    /** What the launcher calls besides its runtime's java: a PATH of these and nothing else. */
    private static final List<String> TOOLS = List.of("bash", "dirname", "readlink", "sed", "head", "cat", "mv", "rm",
            "find", "mkdir", "tar", "gzip", "uname");
    private static final long MIB = 1 << 20;

    private Path work;
    private Path path;

    @BeforeEach
    void unpackedWithNoJavaOnThePath() throws Exception {
        work = Files.createTempDirectory("udpkit-release");
        path = Files.createDirectory(work.resolve("path"));
        for (String tool : TOOLS) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(path.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
        assertThat(run(List.of("bash", "-c", "command -v java || echo none")).output()).as("java on the test's PATH")
                .isEqualTo("none");
        Path archive = archive();
        long bytes = Files.size(archive);
        System.out.printf("release archive %s: %.1f MiB%n", archive.getFileName(), bytes / (double) MIB);
        assertThat(bytes).as("the archive's size").isLessThan(60 * MIB);
        assertThat(run(List.of("tar", "-xzf", archive.toString(), "-C", work.toString())).exitCode()).isZero();
    }

    @AfterEach
    void removeIt() throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void theTourRunsOnTheReleasesOwnRuntime() throws Exception {
        Path home = work.resolve("udpkit-" + System.getProperty("udpkit.version"));
        Path launcher = home.resolve("bin/udpkit");

        Result tour = run(List.of(launcher.toString(), "tour"));
        assertThat(tour.exitCode()).as(tour.output()).isZero();
        assertThat(tour.output()).contains("The server 127.0.0.1:", "replied 'Your data was 38 bytes long'",
                "One datagram, 2 listeners heard it.", "That was the chapter.");
        // The first run made the start-up cache where the release lives; the next runs use it.
        assertThat(home.resolve("lib/udpkit.aot")).isRegularFile();
        Result services = run(List.of(launcher.toString(), "services", "domain"));
        assertThat(services.output()).isEqualTo("domain 53/udp (well-known port, 0-1023; from /etc/services)");
        Result version = run(List.of(launcher.toString(), "--version"));
        assertThat(version.output()).startsWith("udpkit " + System.getProperty("udpkit.version") + " (Java 25");

        assertThat(home.resolve("share/man/man1/udpkit-local-server.1")).content().contains(".SH OPTIONS", "\\-\\-workers");
        assertThat(home.resolve("share/bash-completion/completions/udpkit")).content().contains("complete -F");
        assertThat(home.resolve("LICENSE")).isRegularFile();
    }

    private static Path archive() throws IOException {
        Path directory = Path.of(System.getProperty("udpkit.release.archive.directory"));
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().matches("udpkit-.*-linux-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no release archive in " + directory));
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(work.toFile());
        Map<String, String> environment = builder.environment();
        environment.remove("JAVA_HOME");
        environment.remove("UDPKIT_JAVA");
        environment.put("PATH", path.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\n" + output);
        }
        return new Result(process.exitValue(), output.lines().filter(l -> !l.startsWith("udpkit: training"))
                .reduce((a, b) -> a + "\n" + b).orElse(""));
    }
}
