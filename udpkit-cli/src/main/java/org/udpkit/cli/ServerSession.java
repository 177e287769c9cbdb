package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

import org.udpkit.server.ServerCounts;
import org.udpkit.server.UdpServer;

/**
 * Runs a server in the foreground until Ctrl-C or SIGTERM, then prints what it counted and exits 0.
 *
 * <p>A shutdown hook closes the server, waits for the serving thread to print the counts, and ends the
 * JVM with status 0: stopping a server on purpose is success, not the signal's 130 or 143.
 */
final class ServerSession {
    private ServerSession() {
    }

    /**
     * @param announce prints the server's first lines ("Listening at ..."); called once stopping is
     *                 handled, so that a signal sent as soon as they appear still ends the server cleanly
     */
    static int serve(UdpServer server, PrintWriter out, Consumer<ServerCounts> report, Runnable announce)
            throws IOException {
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().name("udpkit-stop").unstarted(() -> {
            server.close();
            try {
                // Bounded: a serving thread that cannot finish must not keep the process from ending.
                reported.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(ExitCodes.OK);
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            announce.run();
            server.run();
        } catch (IOException | RuntimeException | Error e) {
            // Not stopped by a signal: let the failure decide the exit code, not the hook.
            removeHook(hook);
            throw e;
        } finally {
            // The book's lines first, whole, then what udpkit counted, wherever it goes.
            out.flush();
            report.accept(server.counts());
            reported.countDown();
        }
        removeHook(hook);
        return ExitCodes.OK;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it stops the process with status 0 once the counts are printed.
        }
    }
}
