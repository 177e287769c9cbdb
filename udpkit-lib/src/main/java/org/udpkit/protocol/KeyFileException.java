package org.udpkit.protocol;

import java.io.IOException;

/** A key file that cannot serve as a {@link SharedKey}: missing, unreadable, empty, too short or too long. */
public final class KeyFileException extends IOException {
    public KeyFileException(String message) {
        super(message);
    }
}
