package org.udpkit.cli;

/** Something the user typed cannot work (unknown host, port in use ...): exit code 2, with a usage hint. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
