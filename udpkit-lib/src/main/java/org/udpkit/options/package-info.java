/**
 * Socket options of a UDP socket, as {@code getsockopt} and {@code setsockopt} see them: a table of the
 * options worth knowing (name, level, number, how to show the value), and an inspector that opens a fresh
 * socket, sets what it is asked to and reads everything back, explaining where the kernel changed a value.
 *
 * <p>On Linux the options are read through {@link org.udpkit.linux.LinuxSocket}; elsewhere the few the JDK
 * exposes are read through a {@link java.nio.channels.DatagramChannel}.
 */
package org.udpkit.options;
