package org.udpkit.options;

import java.io.IOException;

/** An option a socket cannot report, and what to show instead of its value. */
final class OptionUnavailableException extends IOException {
    private final OptionValue value;

    OptionUnavailableException(OptionValue value) {
        super(value.toString());
        this.value = value;
    }

    OptionValue value() {
        return value;
    }
}
