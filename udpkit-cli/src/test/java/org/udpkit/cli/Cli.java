package org.udpkit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code udpkit ARGS} in this JVM and keeps what it printed and its exit code. */
record Cli(int exitCode, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(code, out.toString(), err.toString());
    }
}
