package org.udpkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpkit.linux.Linux;
import org.udpkit.protocol.LengthProtocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The README's library example is real: its first {@code java} block is compiled as printed, against the
 * library these tests run on (on the class path or, as the named module, on the module path), then run,
 * and what it prints is checked.
 */
@Timeout(120)
class ReadmeExampleTest {
    /** The tests run in the library module's directory; the README is the repository's. */
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern FIRST_JAVA_BLOCK = Pattern.compile("^```java\\R(.*?)^```", Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern PUBLIC_CLASS = Pattern.compile("^public\\s+(?:final\\s+)?class\\s+(\\w+)", Pattern.MULTILINE);
    private static final Pattern SUMMARY = Pattern.compile(
            "^Received (\\d+) datagrams? \\((\\d+) bytes; 0 empty, 0 not ASCII\\); replied to (\\d+), dropped 0$");

    @Test
    void theLibraryExampleCompilesAndRunsAsPrinted(@TempDir Path work) throws Exception {
        String source = firstJavaBlock(Files.readString(README, StandardCharsets.UTF_8));
        Matcher publicClass = PUBLIC_CLASS.matcher(source);
        assertThat(publicClass.find()).as("the README's java block declares a public class:%n%s", source).isTrue();
        String className = publicClass.group(1);

        Path sourceFile = work.resolve("src").resolve(className + ".java");
        Path classes = work.resolve("classes");
        Files.createDirectories(sourceFile.getParent());
        Files.createDirectories(classes);
        Files.writeString(sourceFile, source, StandardCharsets.UTF_8);

        assertThat(compile(sourceFile, classes)).as("javac on the README's example").isEmpty();

        List<String> printed = run(classes, className).lines().toList();
        assertThat(printed).as("what the example printed").hasSize(4);
        assertThat(printed.get(0)).isEqualTo("Waiting up to 0.1 seconds for a reply");
        assertThat(printed.get(1)).isEqualTo("Your data was 5 bytes long");
        if (Linux.isAvailable()) {
            // 999,999 bytes fit no path: the kernel refuses them and tells the MTU it knows (loopback's).
            assertThat(printed.get(2)).matches("Too big; the path MTU is \\d+");
        } else {
            assertThat(printed.get(2)).isEqualTo("No MTU discovery here: " + Linux.whyUnavailable().orElseThrow());
        }
        // The client may have retransmitted on a slow machine: whatever arrived was answered.
        Matcher summary = SUMMARY.matcher(printed.get(3));
        assertThat(summary.matches()).as(printed.get(3)).isTrue();
        long received = Long.parseLong(summary.group(1));
        assertThat(received).isPositive();
        assertThat(Long.parseLong(summary.group(2))).isEqualTo(5 * received);
        assertThat(Long.parseLong(summary.group(3))).isEqualTo(received);
    }

    private static String firstJavaBlock(String markdown) {
        Matcher block = FIRST_JAVA_BLOCK.matcher(markdown);
        if (!block.find()) {
            fail("no ```java block in " + README.toAbsolutePath().normalize());
        }
        return block.group(1);
    }

    /**
     * Compiles {@code sourceFile} into {@code classes} against the library as these tests see it; returns
     * what javac said when it failed, nothing when it compiled. On the class path the library is on
     * {@code java.class.path}. On the module path it is the named module on {@code jdk.module.path}, which
     * code in the unnamed module must add to read it.
     *
     * <p>javac is taken through {@link ToolProvider} of {@code java.base}, not {@code javax.tools}: on the
     * module path these tests are compiled into the library's module, which does not read {@code java.compiler}.
     */
    private static String compile(Path sourceFile, Path classes) {
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "-encoding", "UTF-8"));
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isBlank()) {
            args.addAll(List.of("--class-path", classPath));
        }
        Module library = LengthProtocol.class.getModule();
        String modulePath = System.getProperty("jdk.module.path", "");
        if (library.isNamed()) {
            if (modulePath.isBlank()) {
                modulePath = locationOf(LengthProtocol.class);
            }
            args.addAll(List.of("--module-path", modulePath, "--add-modules", library.getName()));
        } else if (!modulePath.isBlank()) {
            args.addAll(List.of("--module-path", modulePath));
        }
        args.add(sourceFile.toString());
        ToolProvider javac = ToolProvider.findFirst("javac")
                .orElseThrow(() -> new IllegalStateException("no javac in this runtime: the tests need a JDK"));
        StringWriter said = new StringWriter();
        int status;
        try (PrintWriter out = new PrintWriter(said)) {
            status = javac.run(out, out, args.toArray(String[]::new));
        }
        return status == 0 ? "" : "javac exited with " + status + ":\n" + said + "\narguments: " + args;
    }

    private static String locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code className}'s {@code main} from {@code classes}, in a loader whose parent sees the library; returns what it printed. */
    private static String run(Path classes, String className) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeExampleTest.class.getClassLoader());
             PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(out);
            try {
                main.invoke(null, (Object) new String[0]);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } finally {
                System.setOut(original);
            }
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
