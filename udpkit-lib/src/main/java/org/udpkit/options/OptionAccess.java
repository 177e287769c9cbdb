package org.udpkit.options;

import java.io.IOException;

/** A fresh UDP socket whose options can be read and written by {@link UdpSocketOption}. */
sealed interface OptionAccess extends AutoCloseable permits LinuxOptionAccess, JdkOptionAccess {
    /** True when this way of reaching the socket can read the option at all. */
    boolean reaches(UdpSocketOption option);

    /** @throws OptionUnavailableException when the socket has no value for the option */
    int get(UdpSocketOption option) throws IOException;

    /** @throws IllegalArgumentException when the kernel refuses the value itself (EINVAL) */
    void set(UdpSocketOption option, int value) throws IOException;

    OptionSource source();

    @Override
    void close() throws IOException;
}
