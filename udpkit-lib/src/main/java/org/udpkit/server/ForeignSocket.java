package org.udpkit.server;

import java.net.InetSocketAddress;

/**
 * A socket that is not the server's, bound to the server's address and port: with SO_REUSEPORT the kernel
 * lets any socket of the same user join the port, and gives it a share of the requests, which it can answer.
 *
 * @param address where it is bound (an address of the server's, or a wildcard that covers it)
 * @param uid     the user that owns it
 * @param inode   the socket's inode, as {@code /proc/net/udp} and {@code ls -l /proc/PID/fd} show it
 */
public record ForeignSocket(InetSocketAddress address, int uid, long inode) {
}
