package org.udpkit.options;

/** A name that is not in the option table. */
public final class UnknownOptionException extends IllegalArgumentException {
    public UnknownOptionException(String name) {
        super("unknown socket option '" + name + "'");
    }
}
