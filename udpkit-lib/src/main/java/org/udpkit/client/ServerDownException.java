package org.udpkit.client;

import java.io.IOException;

/**
 * No reply came within the backoff policy's waits, or the kernel reported the server's port unreachable.
 * The message says which, and to which address; the book's words for it are {@code BookLines.serverIsDown()}.
 */
public final class ServerDownException extends IOException {
    /** What the client saw. */
    public enum Reason {
        /** Every wait passed without a reply. */
        NO_REPLY,
        /** The kernel said nothing listens at the server's port (ICMP port unreachable; connected clients only). */
        PORT_UNREACHABLE
    }

    private final Reason reason;

    public ServerDownException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ServerDownException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
