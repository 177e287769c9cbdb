package org.udpkit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.udpkit.protocol.DatagramHandler;

/**
 * A UDP server: one or more bound transports (workers), a handler per worker, and counters. {@link #open}
 * binds at once (so a port in use fails here, with the address in the message); {@link #run} serves
 * until {@link #close}.
 *
 * <pre>{@code
 * try (UdpServer server = UdpServer.open(new InetSocketAddress("127.0.0.1", 1060), new LengthProtocol()).start()) {
 *     ...
 *     System.out.println(server.counts().summary());
 * }
 * }</pre>
 *
 * <p>With {@link ServerOptions#workers()} above one, every worker binds the same address with
 * SO_REUSEPORT and serves on a thread of its own, counting on its own; {@link #counts()} adds them up.
 */
public final class UdpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UdpServer.class.getName());
    private static final long JOIN_MILLIS = 2000;

    private final List<Worker> workers;
    private final List<Thread> threads = new ArrayList<>();
    /** A transport's loop and its counters belong to one thread: serving twice would break both. */
    private final AtomicBoolean serving = new AtomicBoolean();
    private final PortOwnership ownership;

    private record Worker(ServerTransport transport, DatagramHandler handler, WorkerCounters counters,
                          ReplyGuard guard) {
        /** The worker's counts and what its injected faults sent later, from their own thread. */
        ServerCounts snapshot() {
            return counters.snapshot().plus(guard.heldRepliesSent());
        }
    }

    /** Makes the handler of one worker, given the counts that handler may keep. */
    @FunctionalInterface
    public interface HandlerFactory {
        DatagramHandler forWorker(HandlerCounters counters);
    }

    private UdpServer(List<Worker> workers, PortOwnership ownership) {
        this.workers = List.copyOf(workers);
        this.ownership = ownership;
    }

    /** A server with the default options: one worker, the best transport for this system. */
    public static UdpServer open(InetSocketAddress bind, DatagramHandler handler) throws IOException {
        return open(bind, handler, ServerOptions.defaults());
    }

    /**
     * Binds {@code bind} with {@code options}. With several workers they all call the one {@code handler},
     * which must then be thread-safe; {@link #openPerWorker} gives each worker a handler of its own.
     */
    public static UdpServer open(InetSocketAddress bind, DatagramHandler handler, ServerOptions options)
            throws IOException {
        Objects.requireNonNull(handler, "handler");
        return openPerWorker(bind, counters -> handler, options);
    }

    /** Binds {@code bind} with {@code options}, making one handler per worker, each with its own counts. */
    public static UdpServer openPerWorker(InetSocketAddress bind, HandlerFactory handlers, ServerOptions options)
            throws IOException {
        Objects.requireNonNull(handlers, "handlers");
        List<Worker> workers = new ArrayList<>(options.workers());
        PortOwnership.checkFree(bind, options);
        // One budget per source for the whole server, whichever worker the kernel hands its datagrams to.
        ReplyBudgets budgets = new ReplyBudgets(options.limits(), bind);
        try {
            InetSocketAddress address = bind;
            for (int i = 0; i < options.workers(); i++) {
                ServerTransport transport = ServerTransports.open(address, options);
                WorkerCounters counters = new WorkerCounters();
                DatagramHandler handler;
                try {
                    handler = Objects.requireNonNull(handlers.forWorker(counters), "handler");
                } catch (RuntimeException e) {
                    transport.close();
                    throw e;
                }
                workers.add(new Worker(transport, new AsciiCounter(handler, counters), counters,
                        ReplyGuard.forWorker(transport.localAddress(), options, budgets, i, counters)));
                // When port 0 was asked for, the other workers join the port the first one was given.
                address = transport.localAddress();
                LOG.log(System.Logger.Level.DEBUG, "serving on {0}", transport);
            }
            return new UdpServer(workers, PortOwnership.claim(workers.getFirst().transport().localAddress(), options,
                    workers.size()));
        } catch (IOException | RuntimeException e) {
            workers.forEach(w -> w.transport().close());
            throw e;
        }
    }

    public InetSocketAddress localAddress() {
        return workers.getFirst().transport().localAddress();
    }

    /** The transport serving: never {@link TransportKind#AUTO}, but what AUTO chose. */
    public TransportKind transport() {
        return workers.getFirst().transport().kind();
    }

    /**
     * Sockets bound to this server's address and port that are not its own, now: with SO_REUSEPORT the
     * kernel lets any socket of the same user join, and gives it a share of the requests. A server refuses
     * to start where one is bound already; one that joins later can only be found, here (Linux, from
     * /proc/net/udp; elsewhere, and for a server that shares its port on purpose with SO_REUSEADDR, none).
     */
    public List<ForeignSocket> otherSocketsOnPort() {
        return ownership.others();
    }

    /** Sockets sharing the port, one thread each. */
    public int workers() {
        return workers.size();
    }

    /** What each worker has counted so far, in the order the workers were bound. */
    public List<ServerCounts> countsByWorker() {
        return workers.stream().map(Worker::snapshot).toList();
    }

    /** What the workers have counted so far, added up. */
    public ServerCounts counts() {
        ServerCounts total = ServerCounts.ZERO;
        for (Worker worker : workers) {
            total = total.plus(worker.snapshot());
        }
        return total;
    }

    /** Serves on the calling thread (and, with several workers, one more thread per extra worker) until {@link #close()}. */
    public void run() throws IOException {
        claimServing();
        if (workers.size() == 1) {
            serve(workers.getFirst());
            return;
        }
        AtomicReference<IOException> failure = new AtomicReference<>();
        List<Thread> others = new ArrayList<>();
        for (int i = 1; i < workers.size(); i++) {
            others.add(startWorker(i, failure));
        }
        try {
            serve(workers.getFirst());
        } finally {
            close();
            joinAll(others);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** Serves on new threads, one per worker, and returns at once. */
    public UdpServer start() {
        claimServing();
        synchronized (threads) {
            for (int i = 0; i < workers.size(); i++) {
                threads.add(startWorker(i, null));
            }
        }
        return this;
    }

    private void claimServing() {
        if (!serving.compareAndSet(false, true)) {
            throw new IllegalStateException("the server at " + localAddress() + " is already serving");
        }
    }

    private Thread startWorker(int index, AtomicReference<IOException> failure) {
        String name = "udpkit-server-" + localAddress().getPort() + (workers.size() == 1 ? "" : "-w" + index);
        return Thread.ofPlatform().name(name).daemon(true).start(() -> {
            try {
                serve(workers.get(index));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "server at " + localAddress() + " stopped", e);
                if (failure != null) {
                    failure.compareAndSet(null, e);
                    close();
                } else {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    private static void serve(Worker worker) throws IOException {
        worker.transport().serve(worker.handler(), worker.counters(), worker.guard());
    }


    /** Stops serving and releases the sockets; waits briefly for {@link #start}ed threads. Idempotent. */
    @Override
    public void close() {
        workers.forEach(w -> w.transport().close());
        ownership.close();
        List<Thread> started;
        synchronized (threads) {
            started = List.copyOf(threads);
        }
        joinAll(started);
    }

    private static void joinAll(List<Thread> threads) {
        long deadline = System.currentTimeMillis() + JOIN_MILLIS;
        for (Thread t : threads) {
            if (t == Thread.currentThread()) {
                continue;
            }
            try {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
