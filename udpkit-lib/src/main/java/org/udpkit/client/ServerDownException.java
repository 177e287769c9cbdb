package org.udpkit.client;

import java.io.IOException;

/** No reply came within the backoff policy's waits, or the kernel reported the server's port unreachable. */
public final class ServerDownException extends IOException {
    public ServerDownException(String message) {
        super(message);
    }

    public ServerDownException(String message, Throwable cause) {
        super(message, cause);
    }
}
