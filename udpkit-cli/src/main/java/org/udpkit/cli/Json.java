package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;

/**
 * {@code --json}: one JSON document per run on stdout, on a line of its own, written by Jackson's streaming
 * generator (never by string concatenation). Field names are a contract: docs/json.md lists them.
 */
final class Json {
    /** Writes one value with the generator it is given. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private Json() {
    }

    /** The document as text, ending its line: for a writer that must not be waited on (see {@link BatchPrinter}). */
    static String text(Body body) {
        StringWriter text = new StringWriter();
        write(new PrintWriter(text), body);
        return text.toString();
    }

    static void write(PrintWriter out, Body body) {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to stdout", e);
        }
        out.println();
        out.flush();
    }
}
