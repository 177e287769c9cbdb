/**
 * The one place where udpkit calls Linux directly, through java.lang.foreign: the socket calls and
 * options the JDK does not expose (IP_MTU, IP_MTU_DISCOVER, recvmmsg/sendmmsg ...).
 *
 * <p>Struct layouts are described with {@link java.lang.foreign.MemoryLayout}, never by magic offsets;
 * constants carry their Linux names. Everything here is Linux-only: callers check {@link
 * org.udpkit.linux.Linux#isAvailable()} first and fall back to the portable JDK path.
 */
package org.udpkit.linux;
