package org.udpkit.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a test class's {@code main} in a JVM of its own, the way the tests run (the library's module on the
 * module path with the test classes patched into it, JUnit and the rest on the class path) but without the
 * flags the build gives the tests: what a JVM does without them is what such a test shows.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * Runs {@code main}'s {@code main} with {@code jvmFlags} and waits (60 s at most) for it to end; returns what
     * it printed, after checking it exited with 0.
     */
    public static String run(Class<?> main, String... jvmFlags) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String modulePath = System.getProperty("jdk.module.path");
        assertThat(modulePath).as("the tests run on the module path").isNotNull();
        String module = main.getModule().getName();
        Path testClasses = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(jvmFlags));
        command.addAll(List.of("--module-path", modulePath,
                "--patch-module", module + "=" + testClasses,
                "--add-reads", module + "=ALL-UNNAMED",
                "--class-path", System.getProperty("java.class.path"),
                "--module", module + "/" + main.getName()));
        // Into a file: a child that says much cannot block on a pipe nobody reads until it ends.
        Path output = Files.createTempFile("udpkit-child-jvm", ".txt");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            boolean finished = child.waitFor(60, TimeUnit.SECONDS);
            String said = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(finished).as("child JVM finished: %s", said).isTrue();
            assertThat(child.exitValue()).as(said).isZero();
            return said;
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }
}
