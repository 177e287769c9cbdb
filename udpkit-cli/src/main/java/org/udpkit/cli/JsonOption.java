package org.udpkit.cli;

import picocli.CommandLine.Option;

/** {@code --json}: the report as one JSON document (docs/json.md) instead of text. */
final class JsonOption {
    @Option(names = "--json", description = "print one JSON document instead of text (fields: docs/json.md)")
    boolean json;
}
