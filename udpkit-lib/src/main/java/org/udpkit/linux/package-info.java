/**
 * The one place where udpkit calls Linux directly, through java.lang.foreign: the socket calls and
 * options the JDK does not expose (IP_MTU, IP_MTU_DISCOVER, recvmmsg/sendmmsg ...).
 *
 * <p>{@link org.udpkit.linux.MessageVector} is the batch both the batched server transport and the load
 * generator use: mmsghdr, iovec and sockaddr records wired once to payload slots in one lazily mapped
 * region, so a {@code recvmmsg} or {@code sendmmsg} of 64 datagrams allocates nothing.
 * {@link org.udpkit.linux.PollSet} waits on several sockets at once.
 *
 * <p>Struct layouts are described with {@link java.lang.foreign.MemoryLayout}, never by magic offsets;
 * constants carry their Linux names, all in {@link org.udpkit.linux.LinuxSocketConstants}. Everything here is
 * Linux-only: callers that have a portable path check {@link org.udpkit.linux.Linux#isAvailable()} and take
 * it; the others call {@link org.udpkit.linux.Linux#ensureAvailable()}, which says why it cannot run. Not
 * exported from the module (the benchmarks alone may use it): {@link org.udpkit.linux.DatagramBatch} is
 * the batch internals the server and a microbenchmark share.
 */
package org.udpkit.linux;
