package org.udpkit.request;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.udpkit.client.BackoffPolicy;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.IdProtocol;

/**
 * A client of the ID protocol (docs/protocol.md): keeps many requests in flight on one socket, matches
 * each reply to its request by ID and source (and tag, with a key), retransmits on an adaptive timeout, and
 * gives one {@link RequestOutcome} per request. What it receives and does not take (duplicates, stale
 * replies, forgeries) it counts ({@link #counts()}).
 *
 * <p>Every attempt carries its own transmission number, which the reply repeats, so every answer is a valid
 * round-trip sample for the RTO, and a reply to an attempt not yet sent is a forgery. One thread at a time.
 */
public final class Requester implements AutoCloseable {
    /** How many finished IDs are remembered, to tell a duplicate or stale reply from a forgery. */
    static final int REMEMBERED = 1 << 16;

    private final InetSocketAddress server;
    private final RequestSettings settings;
    private final IdProtocol protocol;
    private final DatagramChannel channel;
    private final Selector selector;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(65_536);
    private final SplittableRandom jitter = new SplittableRandom(IdProtocol.newId());
    private final RtoEstimator estimator;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<Long, Finished> finished = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Finished> eldest) {
            return size() > REMEMBERED;
        }
    };

    private long requests;
    private long answered;
    private long timedOut;
    private long refused;
    private long sent;
    private long retransmissions;
    private long duplicates;
    private long stale;
    private long forged;
    private long notUnderstood;

    private enum Finished {
        ANSWERED, GIVEN_UP
    }

    /** One request in flight. */
    private static final class Pending {
        final int index;
        final long id;
        final byte[] payload;
        final long deadline;
        long[] sentAt = new long[4];
        int attempts;
        long nextSend;

        Pending(int index, long id, byte[] payload, long deadline) {
            this.index = index;
            this.id = id;
            this.payload = payload;
            this.deadline = deadline;
        }

        long wakeAt() {
            return Math.min(nextSend, deadline);
        }
    }

    private Requester(InetSocketAddress server, RequestSettings settings, DatagramChannel channel, Selector selector) {
        this.server = server;
        this.settings = settings;
        this.protocol = IdProtocol.of(settings.key());
        this.channel = channel;
        this.selector = selector;
        this.estimator = switch (settings.retransmission()) {
            case RetransmissionPolicy.Adaptive adaptive -> new RtoEstimator(adaptive.initialRto(), adaptive.minRto());
            case RetransmissionPolicy.Schedule schedule -> new RtoEstimator(Duration.ofSeconds(1), Duration.ofMillis(1));
        };
    }

    /** A requester with a socket of its own, on a free port, aimed at {@code server}. */
    public static Requester open(InetSocketAddress server, RequestSettings settings) throws IOException {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(settings, "settings");
        DatagramChannel channel = DatagramChannel.open(Endpoints.familyOf(server.getAddress()));
        try {
            channel.bind(new InetSocketAddress(Endpoints.anyLocal(Endpoints.familyOf(server.getAddress())), 0));
            if (settings.connection() == Connection.CONNECTED) {
                channel.connect(server);
            }
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            return new Requester(server, settings, channel, selector);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot open a socket to " + Endpoints.format(server) + ": " + e.getMessage(), e);
        }
    }

    public InetSocketAddress server() {
        return server;
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** The current retransmission timeout. */
    public Duration rto() {
        return Duration.ofNanos(estimator.rtoNanos());
    }

    /** One request, tried until answered, timed out or refused. */
    public RequestOutcome request(byte[] payload) throws IOException {
        return requestAll(List.of(payload), outcome -> { }).getFirst();
    }

    /**
     * Every payload as a request, up to {@link RequestSettings#concurrency()} in flight at once, started in
     * order; {@code listener} hears each outcome as it is known. Returns the outcomes in the payloads' order.
     */
    public List<RequestOutcome> requestAll(List<byte[]> payloads, Consumer<RequestOutcome> listener) throws IOException {
        for (byte[] payload : payloads) {
            if (payload.length > protocol.maxPayload()) {
                throw new IllegalArgumentException("a request of " + payload.length + " bytes does not fit in a datagram of the ID protocol"
                        + (protocol.isKeyed() ? " with a tag" : "") + "; " + protocol.maxPayload() + " bytes do");
            }
        }
        RequestOutcome[] outcomes = new RequestOutcome[payloads.size()];
        Consumer<RequestOutcome> record = outcome -> {
            outcomes[outcome.index()] = outcome;
            listener.accept(outcome);
        };
        int next = 0;
        while (next < payloads.size() || !pending.isEmpty()) {
            long now = System.nanoTime();
            while (pending.size() < settings.concurrency() && next < payloads.size()) {
                start(next, payloads.get(next), now, record);
                next++;
            }
            long wake = Long.MAX_VALUE;
            for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (now - p.deadline >= 0) {
                    it.remove();
                    giveUp(p, record, false);
                    continue;
                }
                if (now - p.nextSend >= 0) {
                    if (scheduleExhausted(p)) {
                        it.remove();
                        giveUp(p, record, false);
                        continue;
                    }
                    transmit(p, now, record);
                    if (!pending.containsKey(p.id)) {
                        // Refused while sending: every request was ended.
                        break;
                    }
                }
                wake = Math.min(wake, p.wakeAt());
            }
            if (pending.isEmpty() || (pending.size() < settings.concurrency() && next < payloads.size())) {
                continue;
            }
            receiveUntil(wake, record);
        }
        return Arrays.asList(outcomes);
    }

    private void start(int index, byte[] payload, long now, Consumer<RequestOutcome> record) throws IOException {
        long id;
        do {
            id = IdProtocol.newId();
        } while (pending.containsKey(id) || finished.containsKey(id));
        Pending p = new Pending(index, id, payload, now + settings.deadline().toNanos());
        pending.put(id, p);
        requests++;
        transmit(p, now, record);
    }

    /** Sends the next attempt of {@code p} and sets when to send again; ends every request if refused. */
    private void transmit(Pending p, long now, Consumer<RequestOutcome> record) throws IOException {
        p.attempts++;
        if (p.attempts > 1) {
            retransmissions++;
        }
        if (p.attempts > p.sentAt.length) {
            p.sentAt = Arrays.copyOf(p.sentAt, p.sentAt.length * 2);
        }
        p.sentAt[p.attempts - 1] = now;
        p.nextSend = now + waitNanos(p.attempts);
        byte[] datagram = protocol.datagram(IdProtocol.Kind.REQUEST, p.id, p.attempts, p.payload);
        try {
            channel.send(ByteBuffer.wrap(datagram), server);
            sent++;
        } catch (PortUnreachableException e) {
            refuseAll(record);
        }
    }

    /** How long attempt {@code attempt} waits before the next. */
    private long waitNanos(int attempt) {
        return switch (settings.retransmission()) {
            case RetransmissionPolicy.Adaptive adaptive -> {
                long rto = estimator.rtoNanos();
                double doubled = rto * Math.pow(2, Math.min(attempt - 1, 30));
                double wait = Math.max(rto, Math.min(adaptive.maxWait().toNanos(), doubled));
                yield (long) (wait * (1 + adaptive.jitter() * jitter.nextDouble()));
            }
            case RetransmissionPolicy.Schedule schedule -> {
                List<Double> waits = schedule.backoff().waits();
                yield BackoffPolicy.toDuration(waits.get(Math.min(attempt, waits.size()) - 1)).toNanos();
            }
        };
    }

    /** Whether {@code p} has waited out the last wait of a fixed schedule: then it has timed out. */
    private boolean scheduleExhausted(Pending p) {
        return settings.retransmission() instanceof RetransmissionPolicy.Schedule schedule
                && p.attempts >= schedule.backoff().waits().size();
    }

    private void receiveUntil(long wake, Consumer<RequestOutcome> record) throws IOException {
        long left = wake - System.nanoTime();
        if (left > 0) {
            selector.select(Math.max(1, Duration.ofNanos(left).toMillis()));
            selector.selectedKeys().clear();
        }
        while (true) {
            receiveBuffer.clear();
            SocketAddress from;
            try {
                from = channel.receive(receiveBuffer);
            } catch (PortUnreachableException e) {
                refuseAll(record);
                return;
            }
            if (from == null) {
                return;
            }
            long arrived = System.nanoTime();
            receiveBuffer.flip();
            take(receiveBuffer, (InetSocketAddress) from, arrived, record);
        }
    }

    /** Sorts one received datagram: an answer, or a duplicate, stale, forged or not understood. */
    private void take(ByteBuffer datagram, InetSocketAddress from, long arrived, Consumer<RequestOutcome> record) {
        if (!from.equals(server)) {
            forged++;
            return;
        }
        switch (protocol.check(datagram)) {
            case REPLY -> { }
            case BAD_TAG -> {
                forged++;
                return;
            }
            case REQUEST, MALFORMED, WRONG_VERSION -> {
                notUnderstood++;
                return;
            }
        }
        long id = IdProtocol.idOf(datagram);
        int transmission = IdProtocol.transmissionOf(datagram);
        Pending p = pending.get(id);
        if (p == null) {
            Finished was = finished.get(id);
            if (was == null) {
                forged++;
            } else if (was == Finished.ANSWERED) {
                duplicates++;
            } else {
                stale++;
            }
            return;
        }
        if (transmission < 1 || transmission > p.attempts) {
            forged++;
            return;
        }
        pending.remove(id);
        long rtt = arrived - p.sentAt[transmission - 1];
        estimator.sample(rtt);
        byte[] payload = new byte[protocol.payloadLength(datagram)];
        protocol.payloadOf(datagram).get(payload);
        answered++;
        finished.put(id, Finished.ANSWERED);
        record.accept(new RequestOutcome.Answered(p.index, id, p.attempts, transmission, Duration.ofNanos(rtt), payload));
    }

    private void giveUp(Pending p, Consumer<RequestOutcome> record, boolean wasRefused) {
        finished.put(p.id, Finished.GIVEN_UP);
        if (wasRefused) {
            refused++;
            record.accept(new RequestOutcome.Refused(p.index, p.id, p.attempts));
        } else {
            timedOut++;
            record.accept(new RequestOutcome.TimedOut(p.index, p.id, p.attempts));
        }
    }

    /** ICMP port unreachable is about the socket, not one request: nobody listens there, for any of them. */
    private void refuseAll(Consumer<RequestOutcome> record) {
        List<Pending> all = new ArrayList<>(pending.values());
        pending.clear();
        all.sort((a, b) -> Integer.compare(a.index, b.index));
        for (Pending p : all) {
            giveUp(p, record, true);
        }
    }

    /** What it counted so far. */
    public RequesterCounts counts() {
        return new RequesterCounts(requests, answered, timedOut, refused, sent, retransmissions, duplicates, stale,
                forged, notUnderstood);
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            selector.close();
        }
    }
}
