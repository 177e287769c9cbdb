package org.udpkit.load;

/**
 * Told how the run goes, every {@link LoadSettings#progressInterval()}, on the generator's thread, so a
 * caller can show progress without a thread of its own.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Listens to nothing. */
    ProgressListener NONE = progress -> { };

    void progress(LoadProgress progress);
}
