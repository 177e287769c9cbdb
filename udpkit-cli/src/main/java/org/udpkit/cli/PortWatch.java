package org.udpkit.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.udpkit.net.Endpoints;
import org.udpkit.server.ForeignSocket;
import org.udpkit.server.ServerOptions;
import org.udpkit.server.UdpServer;

/**
 * Watches a running server's port for sockets that join it (SO_REUSEPORT lets any socket of the same
 * user in: {@link UdpServer#otherSocketsOnPort()}), says so on stderr as soon as it sees one, and counts
 * them for the stop statistics. A timer thread reads the kernel's table; serving never waits on it. Only a
 * server whose sockets set SO_REUSEPORT has a group to join: without it the kernel lets no other socket bind
 * the port, and there is nothing to watch (nor any garbage made reading the table twice a second).
 */
final class PortWatch implements AutoCloseable {
    /** How soon a socket that joined is said: the kernel's table is read this often. */
    static final Duration PERIOD = Duration.ofMillis(500);

    private final UdpServer server;
    private final PrintWriter err;
    private final Optional<ScheduledExecutorService> timer;
    /** Inodes of the sockets said so far; only the timer's thread adds, under this lock. */
    private final Set<Long> seen = new HashSet<>();

    private PortWatch(UdpServer server, PrintWriter err, Optional<ScheduledExecutorService> timer) {
        this.server = server;
        this.err = err;
        this.timer = timer;
        timer.ifPresent(t -> t.scheduleWithFixedDelay(this::look, PERIOD.toNanos(), PERIOD.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Watches {@code server}'s port if {@code options} let other sockets join it (SO_REUSEPORT). */
    static PortWatch of(UdpServer server, ServerOptions options, PrintWriter err) {
        return new PortWatch(server, err, options.reusePort() ? Optional.of(Executors.newSingleThreadScheduledExecutor(
                runnable -> Thread.ofPlatform().name("udpkit-port-watch").daemon(true).unstarted(runnable)))
                : Optional.empty());
    }

    private synchronized void look() {
        for (ForeignSocket socket : server.otherSocketsOnPort()) {
            if (seen.add(socket.inode())) {
                err.println(String.format(Locale.ROOT, "udpkit: another socket joined port %d (bound to %s by user %d,"
                                + " socket inode %d): the kernel gives it a share of the requests, which it can answer",
                        server.localAddress().getPort(), Endpoints.format(socket.address()), socket.uid(), socket.inode()));
                err.flush();
            }
        }
    }

    /** Stops watching after one last look; returns how many sockets joined while the server ran. */
    synchronized int stop() {
        if (timer.isPresent()) {
            timer.get().shutdownNow();
            look();
        }
        return seen.size();
    }

    /** The stop statistics' sentence, when a socket joined. */
    static Optional<String> note(int joined) {
        return joined == 0 ? Optional.empty() : Optional.of("udpkit: " + joined + (joined == 1 ? " other socket" : " other sockets")
                + " joined the port while the server ran, and may have taken requests");
    }

    @Override
    public void close() {
        timer.ifPresent(ScheduledExecutorService::shutdownNow);
    }
}
