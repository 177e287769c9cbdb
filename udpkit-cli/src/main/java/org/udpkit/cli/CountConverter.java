package org.udpkit.cli;

import org.udpkit.load.LoadSettings;
import org.udpkit.mtu.PathMtuProbe;
import org.udpkit.server.ReplyLimits;
import picocli.CommandLine;

/**
 * Reads a whole number a user typed (workers, requests in flight, sockets, bytes) between the least and
 * the most that make sense for it, saying which when it is not. Each option picks a subclass, which
 * names the bounds and why.
 */
abstract sealed class CountConverter implements CommandLine.ITypeConverter<Integer> {
    /**
     * Each worker is a thread with a socket and two vectors of 64 slots of 64 KiB (8 MiB of address space,
     * 40 KiB of heap): 1024 of them take 8 GiB of address space, 1024 file descriptors and most of the
     * launcher's 64 MiB heap, and serve no faster than one per core.
     */
    static final int MOST_WORKERS = 1024;

    /** {@code --workers}: 0 for one per core, up to {@link #MOST_WORKERS}. */
    static final class Workers extends CountConverter {
        Workers() {
            super(0, MOST_WORKERS, "workers", "0 means one per core (" + Runtime.getRuntime().availableProcessors()
                    + " here); each worker is a thread with its own socket and 8 MiB of buffers, and more than the"
                    + " cores serve no faster");
        }
    }

    /** {@code --window}: requests in flight, at least one. */
    static final class Window extends CountConverter {
        Window() {
            super(1, 65_536, "requests in flight", "each has a slot of its own, and requests in flight on a socket"
                    + " need sizes of their own up to " + LoadSettings.LARGEST_REQUEST + " bytes");
        }
    }

    /** {@code --sockets}: client sockets, at least one. */
    static final class Sockets extends CountConverter {
        Sockets() {
            super(1, 1024, "sockets", "each is a file descriptor and a port of its own");
        }
    }

    /** A UDP payload: 0 to 65,507 bytes, the most an IPv4 datagram carries. */
    static final class DatagramBytes extends CountConverter {
        DatagramBytes() {
            super(0, LoadSettings.LARGEST_REQUEST, "bytes", "the most a UDP datagram carries over IPv4");
        }
    }

    /** {@code big-sender --size}: too big on purpose, up to {@link PathMtuProbe#MAX_SIZE}. */
    static final class BigDatagramBytes extends CountConverter {
        BigDatagramBytes() {
            super(0, PathMtuProbe.MAX_SIZE, "bytes", "a datagram is made in memory before the kernel refuses it");
        }
    }

    /** {@code --budget-per-source}, {@code --budget-per-prefix}: replies a second to one source or prefix. */
    static final class RepliesPerSecond extends CountConverter {
        RepliesPerSecond() {
            super(1, ReplyLimits.MAX_RATE, "replies a second", "a budget of 0 would answer no one, and one above the"
                    + " most is no budget at all");
        }
    }

    private final int least;
    private final int most;
    private final String unit;
    private final String why;

    private CountConverter(int least, int most, String unit, String why) {
        this.least = least;
        this.most = most;
        this.unit = unit;
        this.why = why;
    }

    @Override
    public Integer convert(String value) {
        long number;
        try {
            // As a long, so that 2147483648 is "too many", not "not a number".
            number = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number of " + unit);
        }
        if (number < least || number > most) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not between " + least + " and " + most
                    + " " + unit + ": " + why);
        }
        return (int) number;
    }
}
