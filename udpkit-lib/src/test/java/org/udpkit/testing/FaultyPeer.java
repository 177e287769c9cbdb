package org.udpkit.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;

import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.protocol.ReceivedDatagram;

/**
 * A server on loopback (the book's protocol, or any {@link DatagramHandler}'s) that misbehaves on purpose,
 * request by request, as a seeded random draw decides, and counts what it did, so that a test can check a
 * client's figures to the datagram. One thread, one blocking channel; closing it stops the thread and joins
 * it, after which the counts are final.
 */
public final class FaultyPeer implements AutoCloseable {
    /** What the peer does with one request. */
    public enum Fault {
        /** answers right */
        NONE,
        /** answers nothing */
        DROP,
        /** answers right, twice */
        DUPLICATE,
        /** sends the request back (as an echo server does): not the protocol's reply */
        CORRUPT,
        /** answers right, but only once the next request has come in */
        DELAY
    }

    /**
     * How often each fault happens, as fractions that add up to at most 1 (the rest is answered right).
     *
     * @param replyLoss the fraction of replies (each copy of a duplicate too) lost on the way back, drawn on
     *                  its own: with {@code drop} it makes independent request and reply loss
     * @param seed the draw's seed: the same requests get the same faults
     */
    public record Plan(double drop, double duplicate, double corrupt, double delay, double replyLoss, long seed) {
        public Plan {
            if (!(drop >= 0 && duplicate >= 0 && corrupt >= 0 && delay >= 0 && drop + duplicate + corrupt + delay <= 1)) {
                throw new IllegalArgumentException("fault fractions must be 0 or more and add up to at most 1");
            }
            if (!(replyLoss >= 0 && replyLoss <= 1)) {
                throw new IllegalArgumentException("reply loss must be from 0 to 1");
            }
        }

        public Plan(double drop, double duplicate, double corrupt, double delay, long seed) {
            this(drop, duplicate, corrupt, delay, 0, seed);
        }

        public static Plan echo() {
            return new Plan(0, 0, 1, 0, 1);
        }

        public static Plan dropAll() {
            return new Plan(1, 0, 0, 0, 1);
        }

        Fault draw(SplittableRandom random) {
            double x = random.nextDouble();
            return x < drop ? Fault.DROP
                    : x < drop + duplicate ? Fault.DUPLICATE
                    : x < drop + duplicate + corrupt ? Fault.CORRUPT
                    : x < drop + duplicate + corrupt + delay ? Fault.DELAY
                    : Fault.NONE;
        }
    }

    private record Held(ByteBuffer reply, SocketAddress to) {
    }

    private final DatagramChannel channel;
    private final InetSocketAddress address;
    private final Plan plan;
    private final DatagramHandler protocol;
    private final Thread thread;
    private final Map<Fault, Long> faults = new EnumMap<>(Fault.class);
    private long received;
    private long repliesSent;
    private long delayedSent;
    private long repliesLost;
    private volatile IOException failure;

    private FaultyPeer(DatagramChannel channel, Plan plan, DatagramHandler protocol) throws IOException {
        this.channel = channel;
        this.address = (InetSocketAddress) channel.getLocalAddress();
        this.plan = plan;
        this.protocol = protocol;
        for (Fault fault : Fault.values()) {
            faults.put(fault, 0L);
        }
        this.thread = Thread.ofPlatform().name("faulty-peer").daemon().unstarted(this::serve);
    }

    /** A peer of the book's protocol on 127.0.0.1, on a free port, serving at once. */
    public static FaultyPeer start(Plan plan) throws IOException {
        return start(plan, new LengthProtocol());
    }

    /**
     * A peer on 127.0.0.1, on a free port, serving at once: {@code protocol} writes each reply (a request it
     * does not answer is not replied to, whatever the draw; {@code CORRUPT} still echoes it).
     */
    public static FaultyPeer start(Plan plan, DatagramHandler protocol) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        FaultyPeer peer = new FaultyPeer(channel, plan, protocol);
        peer.thread.start();
        return peer;
    }

    public InetSocketAddress address() {
        return address;
    }

    private void serve() {
        SplittableRandom random = new SplittableRandom(plan.seed());
        SplittableRandom replyRandom = new SplittableRandom(~plan.seed());
        ByteBuffer request = ByteBuffer.allocate(65_536);
        ByteBuffer reply = ByteBuffer.allocate(65_536);
        Queue<Held> held = new ArrayDeque<>();
        try {
            while (true) {
                request.clear();
                SocketAddress from = channel.receive(request);
                request.flip();
                received++;
                // A delayed reply goes out once a later request is in: after the client gave up on it, when it waits one at a time.
                while (!held.isEmpty()) {
                    Held late = held.remove();
                    send(late.reply(), late.to());
                    delayedSent++;
                }
                Fault fault = plan.draw(random);
                faults.merge(fault, 1L, Long::sum);
                reply.clear();
                boolean answer = protocol.handle(new Received(request, (InetSocketAddress) from), reply);
                reply.flip();
                if (!answer && fault != Fault.CORRUPT) {
                    continue;
                }
                switch (fault) {
                    case NONE -> sendUnlessLost(reply, from, replyRandom);
                    case DROP -> { }
                    case DUPLICATE -> {
                        sendUnlessLost(reply, from, replyRandom);
                        sendUnlessLost(reply.rewind(), from, replyRandom);
                    }
                    case CORRUPT -> send(request, from);
                    case DELAY -> held.add(new Held(ByteBuffer.allocate(reply.remaining()).put(reply).flip(), from));
                }
            }
        } catch (ClosedChannelException closed) {
            // close() stops the peer this way.
        } catch (IOException e) {
            failure = e;
        }
    }

    private record Received(ByteBuffer payload, InetSocketAddress sender) implements ReceivedDatagram {
    }

    private void sendUnlessLost(ByteBuffer datagram, SocketAddress to, SplittableRandom replyRandom) throws IOException {
        if (plan.replyLoss() > 0 && replyRandom.nextDouble() < plan.replyLoss()) {
            repliesLost++;
            return;
        }
        send(datagram, to);
    }

    private void send(ByteBuffer datagram, SocketAddress to) throws IOException {
        channel.send(datagram, to);
        repliesSent++;
    }

    /** Requests the peer treated with {@code fault}; read after {@link #close()}. */
    public long count(Fault fault) {
        return faults.get(fault);
    }

    /** Requests received; read after {@link #close()}. */
    public long received() {
        return received;
    }

    /** Datagrams sent back, duplicates and echoes included; read after {@link #close()}. */
    public long repliesSent() {
        return repliesSent;
    }

    /** Delayed replies that did go out (the last ones wait for a request that never comes); read after {@link #close()}. */
    public long delayedSent() {
        return delayedSent;
    }

    /** Replies lost on the way back ({@link Plan#replyLoss()}); read after {@link #close()}. */
    public long repliesLost() {
        return repliesLost;
    }

    /** Stops the peer and waits for its thread, so that its counts are final; fails if serving failed. */
    @Override
    public void close() throws IOException {
        channel.close();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the faulty peer at " + address(), e);
        }
        if (failure != null) {
            throw new IOException("the faulty peer at " + address + " failed while serving", failure);
        }
    }
}
