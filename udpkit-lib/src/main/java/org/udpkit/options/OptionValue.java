package org.udpkit.options;

import java.util.OptionalInt;

/** What a socket reports for an option: a value, or why it has none. */
public sealed interface OptionValue {
    /** The value, when there is one. */
    default OptionalInt number() {
        return this instanceof Known(int value) ? OptionalInt.of(value) : OptionalInt.empty();
    }

    /** getsockopt answered with this value. */
    record Known(int value) implements OptionValue {
    }

    /** The kernel does not know the option (ENOPROTOOPT), or the JDK cannot reach it. */
    record NotSupported() implements OptionValue {
    }

    /** The kernel knows the option but has no value for it on this socket, e.g. IP_MTU before connect. */
    record Unavailable(String reason) implements OptionValue {
    }
}
