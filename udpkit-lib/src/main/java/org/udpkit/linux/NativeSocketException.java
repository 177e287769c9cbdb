package org.udpkit.linux;

import java.io.IOException;

/** A failed socket call: says what was being done, to which address, and what the kernel answered. */
public final class NativeSocketException extends IOException {
    private final int errno;

    public NativeSocketException(String whatWasBeingDone, int errno) {
        super(whatWasBeingDone + ": " + Linux.strerror(errno) + " (" + describe(errno) + ")");
        this.errno = errno;
    }

    private static String describe(int errno) {
        return LinuxSocketConstants.errnoName(errno).map(name -> name + ", errno " + errno).orElse("errno " + errno);
    }

    /** The kernel's errno, e.g. {@link LinuxSocketConstants#EMSGSIZE}. */
    public int errno() {
        return errno;
    }
}
