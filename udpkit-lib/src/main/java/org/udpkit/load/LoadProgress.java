package org.udpkit.load;

/**
 * A progress report, so that a long run can show it is alive and how fast it goes right now.
 *
 * @param warmingUp              whether the timed part has not started yet
 * @param elapsedSeconds         since the run started, warm-up included
 * @param sent                   requests sent so far, warm-up included
 * @param received               replies received so far, warm-up included
 * @param recentRepliesPerSecond the reply rate since the previous report
 */
public record LoadProgress(boolean warmingUp, double elapsedSeconds, long sent, long received,
                           double recentRepliesPerSecond) {
}
