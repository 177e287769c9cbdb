package org.udpkit.options;

/** Where option values come from on this system. */
public enum OptionSource {
    /** Linux's getsockopt, for every option in the table; Linux's rules explain an adjusted value. */
    LINUX_GETSOCKOPT,
    /** The few options the JDK's DatagramChannel exposes, where getsockopt cannot be called. */
    JDK_CHANNEL
}
