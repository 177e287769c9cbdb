package org.udpkit.client;

import java.io.IOException;

/**
 * No reply came within the backoff policy's waits, or the kernel reported the server's port unreachable.
 * The message says which, and to which address; the book's words for it are {@code BookLines.serverIsDown()}.
 */
public final class ServerDownException extends IOException {
    public ServerDownException(String message) {
        super(message);
    }

    public ServerDownException(String message, Throwable cause) {
        super(message, cause);
    }
}
