package org.udpkit.options;

import java.net.StandardProtocolFamily;
import java.util.Optional;

/**
 * One socket option: its C name, level and number, how to show its value, whether setsockopt takes it,
 * and, for the two buffer sizes Linux doubles, the sysctl that caps them.
 */
public record UdpSocketOption(String name, OptionLevel level, int number, OptionFormat format, boolean settable,
                              Optional<String> doubledUpToSysctl) {
    /** True when the option exists on a socket of that family. */
    public boolean appliesTo(StandardProtocolFamily family) {
        return level.appliesTo(family);
    }
}
