package org.udpkit.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;

import org.udpkit.net.Endpoints;

import static org.udpkit.linux.LinuxSocketConstants.EACCES;
import static org.udpkit.linux.LinuxSocketConstants.EADDRINUSE;
import static org.udpkit.linux.LinuxSocketConstants.EADDRNOTAVAIL;

/**
 * Why a server could not bind, in words a user can act on. Each transport decides which from what its
 * socket reported (the errno, as Netty does), never from an exception's text.
 */
enum BindProblem {
    PORT_IN_USE("the port is already in use"),
    NOT_A_LOCAL_ADDRESS("that address is not one of this machine's"),
    NO_PERMISSION("permission denied (ports below 1024 need privileges)");

    private final String why;

    BindProblem(String why) {
        this.why = why;
    }

    /** The problem an errno of {@code bind} stands for, when it is one of these. */
    static Optional<BindProblem> ofErrno(int errno) {
        return switch (errno) {
            case EADDRINUSE -> Optional.of(PORT_IN_USE);
            case EADDRNOTAVAIL -> Optional.of(NOT_A_LOCAL_ADDRESS);
            case EACCES -> Optional.of(NO_PERMISSION);
            default -> Optional.empty();
        };
    }

    /**
     * The problem behind a JDK {@link BindException}, which carries no errno: an address no interface holds
     * cannot be bound; any other failed bind is a port taken.
     */
    static BindProblem ofJdkBindFailure(InetSocketAddress bind) {
        try {
            boolean local = bind.getAddress().isAnyLocalAddress() || bind.getAddress().isMulticastAddress()
                    || NetworkInterface.getByInetAddress(bind.getAddress()) != null;
            return local ? PORT_IN_USE : NOT_A_LOCAL_ADDRESS;
        } catch (SocketException e) {
            return PORT_IN_USE;
        }
    }

    /** {@code cannot listen at 127.0.0.1:1060: the port is already in use}. */
    BindException exception(InetSocketAddress bind, Throwable cause) {
        BindException failure = new BindException(whereItFailed(bind) + why);
        failure.initCause(cause);
        return failure;
    }

    /** The same with what udpkit found, where no system call failed: {@code ... already in use (1 socket is bound there already)}. */
    BindException exception(InetSocketAddress bind, String found) {
        return new BindException(whereItFailed(bind) + why + " (" + found + ")");
    }

    /** A failure setting up the socket that is none of these problems, with what the system said. */
    static IOException otherFailure(InetSocketAddress bind, Exception cause) {
        return new IOException(whereItFailed(bind) + cause.getMessage(), cause);
    }

    private static String whereItFailed(InetSocketAddress bind) {
        return "cannot listen at " + Endpoints.format(bind) + ": ";
    }
}
