package org.udpkit.server;

/**
 * Whether a server applies one of its reply limits (the amplification cap, the per-source budget).
 * {@link #AUTO}, the default, applies it to a server bound to any address but loopback, and never to a
 * loopback source: the kernel drops a datagram from 127.0.0.0/8 or ::1 that arrives on any interface but
 * loopback, so such a source is a process on this machine and cannot be spoofed from outside it.
 */
public enum LimitMode {
    AUTO,
    ON,
    OFF;

    /** Whether the limit applies to any source of a server bound to loopback or not. */
    boolean canApply(boolean boundToLoopback) {
        return this == ON || (this == AUTO && !boundToLoopback);
    }

    /** Whether the limit applies to a server bound to {@code boundToLoopback} and a source that {@code sourceIsLoopback}. */
    boolean appliesTo(boolean boundToLoopback, boolean sourceIsLoopback) {
        return switch (this) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> !boundToLoopback && !sourceIsLoopback;
        };
    }
}
