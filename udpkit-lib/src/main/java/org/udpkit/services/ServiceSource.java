package org.udpkit.services;

import java.nio.file.Path;

/** Where a {@link ServiceTable} came from; {@link #toString()} says it as a report does. */
public sealed interface ServiceSource {
    /** A file in the {@code services(5)} format, such as /etc/services. */
    record File(Path path) implements ServiceSource {
        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** The table compiled into udpkit, for systems without one. */
    record BuiltIn() implements ServiceSource {
        @Override
        public String toString() {
            return "built-in table";
        }
    }

    /** Text handed to {@link ServiceTable#parse}, named by its caller. */
    record Text(String name) implements ServiceSource {
        @Override
        public String toString() {
            return name;
        }
    }
}
