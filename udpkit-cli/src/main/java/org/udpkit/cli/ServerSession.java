package org.udpkit.cli;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a server in the foreground until it stops by itself or Ctrl-C or SIGTERM stops it, then lets it say
 * what it has to say (its counts), and exits 0.
 *
 * <p>A shutdown hook closes the server, waits for the serving thread to finish its last words, and ends the
 * JVM with status 0: stopping a server on purpose is success, not the signal's 130 or 143.
 */
final class ServerSession {
    /** The server's work: serves until the server is closed, or fails. */
    @FunctionalInterface
    interface Serving {
        void serve() throws IOException;
    }

    private ServerSession() {
    }

    /**
     * @param server  closed by the hook on Ctrl-C or SIGTERM, which makes {@code serving} return
     * @param serving announces the server (its first lines), then serves; called once stopping is handled,
     *                so that a signal sent as soon as the first lines appear still ends the server cleanly
     * @param stopped the last words, once serving has returned, however it ended
     */
    static int serve(AutoCloseable server, Serving serving, Runnable stopped) throws IOException {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().name("udpkit-stop").unstarted(() -> {
            try {
                server.close();
                // Bounded: a serving thread that cannot finish must not keep the process from ending.
                finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            } catch (Exception closing) {
                // The process ends either way; the server's own loop says what went wrong.
            }
            Runtime.getRuntime().halt(ExitCodes.OK);
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            serving.serve();
        } catch (IOException | RuntimeException | Error e) {
            // Not stopped by a signal: let the failure decide the exit code, not the hook.
            removeHook(hook);
            throw e;
        } finally {
            stopped.run();
            finished.countDown();
        }
        removeHook(hook);
        return ExitCodes.OK;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it stops the process with status 0 once the last words are out.
        }
    }
}
