package org.udpkit.options;

import java.io.IOException;

/** An option a socket cannot report: unknown to the kernel (ENOPROTOOPT) or not meaningful in its state. */
final class OptionUnavailableException extends IOException {
    OptionUnavailableException(String problem) {
        super(problem);
    }
}
