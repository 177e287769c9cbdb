package org.udpkit.load;

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

import org.udpkit.protocol.LengthProtocol;

/**
 * A server of the book's protocol on loopback that misbehaves on purpose, request by request, as a
 * seeded random draw decides, and counts what it did, so that a test can check the load generator's
 * figures to the datagram. One thread, one blocking channel; closing it stops the thread and joins it,
 * after which the counts are final.
 */
final class FaultyPeer implements AutoCloseable {
    /** What the peer does with one request. */
    enum Fault {
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
     * @param seed the draw's seed: the same requests get the same faults
     */
    record Plan(double drop, double duplicate, double corrupt, double delay, long seed) {
        Plan {
            if (!(drop >= 0 && duplicate >= 0 && corrupt >= 0 && delay >= 0 && drop + duplicate + corrupt + delay <= 1)) {
                throw new IllegalArgumentException("fault fractions must be 0 or more and add up to at most 1");
            }
        }

        static Plan echo() {
            return new Plan(0, 0, 1, 0, 1);
        }

        static Plan dropAll() {
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
    private final Thread thread;
    private final Map<Fault, Long> faults = new EnumMap<>(Fault.class);
    private long received;
    private long repliesSent;
    private long delayedSent;
    private volatile IOException failure;

    private FaultyPeer(DatagramChannel channel, Plan plan) throws IOException {
        this.channel = channel;
        this.address = (InetSocketAddress) channel.getLocalAddress();
        this.plan = plan;
        for (Fault fault : Fault.values()) {
            faults.put(fault, 0L);
        }
        this.thread = Thread.ofPlatform().name("faulty-peer").daemon().unstarted(this::serve);
    }

    /** A peer on 127.0.0.1, on a free port, serving at once. */
    static FaultyPeer start(Plan plan) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        FaultyPeer peer = new FaultyPeer(channel, plan);
        peer.thread.start();
        return peer;
    }

    InetSocketAddress address() {
        return address;
    }

    private void serve() {
        SplittableRandom random = new SplittableRandom(plan.seed());
        ByteBuffer request = ByteBuffer.allocate(65_536);
        ByteBuffer reply = ByteBuffer.allocate(LengthProtocol.MAX_REPLY_LENGTH);
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
                LengthProtocol.writeReply(request.remaining(), reply);
                reply.flip();
                switch (fault) {
                    case NONE -> send(reply, from);
                    case DROP -> { }
                    case DUPLICATE -> {
                        send(reply, from);
                        send(reply.rewind(), from);
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

    private void send(ByteBuffer datagram, SocketAddress to) throws IOException {
        channel.send(datagram, to);
        repliesSent++;
    }

    /** Requests the peer treated with {@code fault}; read after {@link #close()}. */
    long count(Fault fault) {
        return faults.get(fault);
    }

    /** Requests received; read after {@link #close()}. */
    long received() {
        return received;
    }

    /** Datagrams sent back, duplicates and echoes included; read after {@link #close()}. */
    long repliesSent() {
        return repliesSent;
    }

    /** Delayed replies that did go out (the last ones wait for a request that never comes); read after {@link #close()}. */
    long delayedSent() {
        return delayedSent;
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
