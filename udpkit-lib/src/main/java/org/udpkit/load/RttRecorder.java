package org.udpkit.load;

/**
 * Where round-trip times go, so that the library needs no histogram of its own (the CLI records into
 * HdrHistogram). Called on the generator's thread, so it need not be thread-safe.
 */
@FunctionalInterface
public interface RttRecorder {
    /** Records nothing. */
    RttRecorder NONE = nanos -> { };

    /** One round trip of the timed part, in nanoseconds. */
    void record(long nanos);
}
