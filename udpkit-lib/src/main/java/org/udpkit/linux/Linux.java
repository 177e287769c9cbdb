package org.udpkit.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Down-calls into the C library for the socket calls udpkit needs, with errno captured on every call.
 *
 * <p>Each method returns the C function's result unchanged; a negative result means failure and
 * {@link #errno(MemorySegment)} reads the captured errno from the call-state segment the caller passed.
 * {@link LinuxSocket} wraps these into an object with exceptions that name the address involved.
 */
public final class Linux {
    /** Why this process cannot call the C library, when it cannot; decided once. */
    private static final Optional<Unavailability> UNAVAILABLE = checkAvailability();
    private static final boolean AVAILABLE = UNAVAILABLE.isEmpty();

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = errnoCapturing("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle BIND = errnoCapturing("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle CONNECT = errnoCapturing("connect", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SEND = errnoCapturing("send", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle RECVMMSG = errnoCapturing("recvmmsg", JAVA_INT,
            JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle SENDMMSG = errnoCapturing("sendmmsg", JAVA_INT,
            JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle SETSOCKOPT = errnoCapturing("setsockopt", JAVA_INT,
            JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle GETSOCKOPT = errnoCapturing("getsockopt", JAVA_INT,
            JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GETSOCKNAME = errnoCapturing("getsockname", JAVA_INT,
            JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle SHUTDOWN = errnoCapturing("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle CLOSE = errnoCapturing("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle POLL = errnoCapturing("poll", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle MMAP = errnoCapturing("mmap", ADDRESS,
            ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle MUNMAP = plain("munmap", JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle STRERROR = plain("strerror", ADDRESS, JAVA_INT);

    /** What {@code mmap} returns on failure: {@code (void *) -1}. */
    private static final long MAP_FAILED = -1L;

    private Linux() {
    }

    /**
     * True on 64-bit Linux (x86_64 or aarch64, whose constants and struct layouts this package uses) with
     * native access granted to this code and a C library the JDK's linker can reach. Everything else
     * takes the JDK's portable path instead of failing.
     */
    public static boolean isAvailable() {
        return AVAILABLE;
    }

    /**
     * Returns when {@link #isAvailable()}; otherwise throws, saying why (and with the linker's own
     * exception as the cause when that is the reason).
     *
     * @throws UnsupportedOperationException when the C library cannot be called from here
     */
    public static void ensureAvailable() {
        if (UNAVAILABLE.isPresent()) {
            Unavailability why = UNAVAILABLE.get();
            throw new UnsupportedOperationException(why.reason(), why.cause().orElse(null));
        }
    }

    /** Why {@link #isAvailable()} is false, as a sentence for a user; empty when it is true. */
    public static Optional<String> whyUnavailable() {
        return UNAVAILABLE.map(Unavailability::reason);
    }

    /** Why the C library cannot be called: a sentence for a user, and the failure behind it when there was one. */
    private record Unavailability(String reason, Optional<Throwable> cause) {
        Unavailability(String reason) {
            this(reason, Optional.empty());
        }
    }

    private static Optional<Unavailability> checkAvailability() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return Optional.of(new Unavailability("this needs Linux, and this is " + System.getProperty("os.name")));
        }
        if (!(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64")) || ADDRESS.byteSize() != 8) {
            return Optional.of(new Unavailability("this needs 64-bit Linux on x86_64 or aarch64, and this is " + arch));
        }
        if (!Linux.class.getModule().isNativeAccessEnabled()) {
            // The flag names the module when udpkit is one; on the class path it is every unnamed module.
            String grantee = Linux.class.getModule().isNamed() ? Linux.class.getModule().getName() : "ALL-UNNAMED";
            return Optional.of(new Unavailability(
                    "native access is not enabled: run java with --enable-native-access=" + grantee));
        }
        try {
            return Linker.nativeLinker().defaultLookup().find("recvmmsg").isPresent()
                    ? Optional.empty() : Optional.of(new Unavailability("the C library has no recvmmsg"));
        } catch (RuntimeException | LinkageError e) {
            return Optional.of(new Unavailability("the C library cannot be reached: " + e.getMessage(), Optional.of(e)));
        }
    }

    /** A segment sized for the captured call state (errno); allocate one per thread and reuse it. */
    public static MemorySegment allocateCallState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** The errno that the last call made with {@code callState} left behind. */
    public static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    /** The C library's words for an errno, as {@code perror} would print them. */
    public static String strerror(int errno) {
        if (!AVAILABLE) {
            return "errno " + errno;
        }
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    public static int socket(MemorySegment callState, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(callState, domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int bind(MemorySegment callState, int fd, MemorySegment address, int addressLength) {
        try {
            return (int) BIND.invokeExact(callState, fd, address, addressLength);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int connect(MemorySegment callState, int fd, MemorySegment address, int addressLength) {
        try {
            return (int) CONNECT.invokeExact(callState, fd, address, addressLength);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long send(MemorySegment callState, int fd, MemorySegment buffer, long length, int flags) {
        try {
            return (long) SEND.invokeExact(callState, fd, buffer, length, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code recvmmsg(fd, vector, count, flags, timeout)}; pass {@link MemorySegment#NULL} for no timeout. */
    public static int recvmmsg(MemorySegment callState, int fd, MemorySegment vector, int count, int flags,
                               MemorySegment timeout) {
        try {
            return (int) RECVMMSG.invokeExact(callState, fd, vector, count, flags, timeout);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int sendmmsg(MemorySegment callState, int fd, MemorySegment vector, int count, int flags) {
        try {
            return (int) SENDMMSG.invokeExact(callState, fd, vector, count, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int setsockopt(MemorySegment callState, int fd, int level, int name, MemorySegment value,
                                 int length) {
        try {
            return (int) SETSOCKOPT.invokeExact(callState, fd, level, name, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int getsockopt(MemorySegment callState, int fd, int level, int name, MemorySegment value,
                                 MemorySegment length) {
        try {
            return (int) GETSOCKOPT.invokeExact(callState, fd, level, name, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int getsockname(MemorySegment callState, int fd, MemorySegment address, MemorySegment length) {
        try {
            return (int) GETSOCKNAME.invokeExact(callState, fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int shutdown(MemorySegment callState, int fd, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(callState, fd, how);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int close(MemorySegment callState, int fd) {
        try {
            return (int) CLOSE.invokeExact(callState, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code poll(fds, count, timeoutMillis)}: {@code fds} is an array of {@link PollSet#POLLFD}. */
    public static int poll(MemorySegment callState, MemorySegment fds, long count, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(callState, fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Maps {@code length} bytes of private anonymous memory: zero-filled pages that cost nothing until
     * first touched, so a 64 x 64 KiB set of receive slots adds to the resident set only the pages that
     * datagrams actually fill. Returns {@link MemorySegment#NULL} on failure (errno in {@code callState}).
     */
    public static MemorySegment mapAnonymous(MemorySegment callState, long length) {
        try {
            MemorySegment address = (MemorySegment) MMAP.invokeExact(callState, MemorySegment.NULL, length,
                    LinuxSocketConstants.PROT_READ | LinuxSocketConstants.PROT_WRITE,
                    LinuxSocketConstants.MAP_PRIVATE | LinuxSocketConstants.MAP_ANONYMOUS, -1, 0L);
            return address.address() == MAP_FAILED ? MemorySegment.NULL : address;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Unmaps what {@link #mapAnonymous} mapped. */
    public static int unmap(MemorySegment address, long length) {
        try {
            return (int) MUNMAP.invokeExact(address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static MethodHandle errnoCapturing(String name, MemoryLayout result, MemoryLayout... arguments) {
        if (!AVAILABLE) {
            return null;
        }
        return LINKER.downcallHandle(lookup(name), FunctionDescriptor.of(result, arguments), CAPTURE_ERRNO);
    }

    private static MethodHandle plain(String name, MemoryLayout result, MemoryLayout... arguments) {
        if (!AVAILABLE) {
            return null;
        }
        return LINKER.downcallHandle(lookup(name), FunctionDescriptor.of(result, arguments));
    }

    private static MemorySegment lookup(String name) {
        SymbolLookup libc = LINKER.defaultLookup();
        return libc.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
