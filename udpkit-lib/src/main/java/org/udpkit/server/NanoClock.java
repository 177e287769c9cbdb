package org.udpkit.server;

/** Where the reply budget reads the time: {@link System#nanoTime()}, or a test's own clock. */
@FunctionalInterface
interface NanoClock {
    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
