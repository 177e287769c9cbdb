package org.udpkit.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

import org.udpkit.net.Endpoints;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.ReceivedDatagram;

/**
 * The portable transport: a blocking JDK {@link DatagramChannel}, one receive and one send system call
 * per datagram. Works everywhere the JDK does; reused buffers keep it allocation-free per datagram
 * apart from the sender address, which the JDK caches while it stays the same.
 */
final class ChannelTransport implements ServerTransport {
    /** Large enough for any UDP payload, so nothing is ever truncated. */
    static final int RECEIVE_BUFFER = 65536;

    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;

    private ChannelTransport(DatagramChannel channel) throws IOException {
        this.channel = channel;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
    }

    /** Opens and binds a channel at {@code bind} with the given options. */
    static ChannelTransport bind(InetSocketAddress bind, ServerOptions options) throws IOException {
        // IPv4 binds use the JDK's default (dual-stack) channel: an INET-only channel refuses, without even
        // asking the kernel, to bind a broadcast address such as 127.255.255.255, which the book's broadcast server needs.
        DatagramChannel channel = Endpoints.familyOf(bind.getAddress()) == StandardProtocolFamily.INET6
                ? DatagramChannel.open(StandardProtocolFamily.INET6)
                : DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
            if (options.reusePort()) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (options.broadcast()) {
                channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            if (options.receiveBufferBytes().isPresent()) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferBytes().getAsInt());
            }
            refuseUnlessRoutedReplies(bind, options.replySource());
            channel.bind(bind);
            if (options.multicastGroup().isPresent()) {
                MulticastGroup group = options.multicastGroup().get();
                // The membership lasts as long as the channel: closing it leaves the group.
                channel.join(group.group(), group.networkInterface());
            }
            return new ChannelTransport(channel);
        } catch (BindException e) {
            channel.close();
            throw BindProblem.ofJdkBindFailure(bind).exception(bind, e);
        } catch (IOException e) {
            channel.close();
            throw BindProblem.otherFailure(bind, e);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * A DatagramChannel can neither read a request's destination nor choose a reply's source, so on a
     * wildcard bind its replies leave from the routing table's pick: fine for {@link ReplySource#AUTO},
     * refused when {@link ReplySource#REQUEST_DESTINATION} is demanded.
     */
    private static void refuseUnlessRoutedReplies(InetSocketAddress bind, ReplySource replySource) {
        if (replySource == ReplySource.REQUEST_DESTINATION && bind.getAddress().isAnyLocalAddress()) {
            throw new UnsupportedOperationException("the JDK channel cannot answer from the address a request was sent to"
                    + " when bound to every interface (" + Endpoints.format(bind) + "): it reads no IP_PKTINFO;"
                    + " bind one address, or use the linux-batched transport");
        }
    }

    @Override
    public TransportKind kind() {
        return TransportKind.JDK;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void serve(DatagramHandler handler, WorkerCounters counters, ReplyGuard guard) throws IOException {
        guard.start("udpkit-held-replies-" + localAddress.getPort(), () -> channel::send);
        try {
            loop(handler, counters, guard);
        } finally {
            guard.stop();
        }
    }

    private void loop(DatagramHandler handler, WorkerCounters counters, ReplyGuard guard) throws IOException {
        if (!guard.holdsRequests()) {
            loop(handler, counters, guard, HeldRequestTicks.NONE);
            return;
        }
        // Held requests come due with no datagram to wake us: a non-blocking channel waits at most a tick.
        try (HeldRequestTicks ticks = HeldRequestTicks.on(channel)) {
            loop(handler, counters, guard, ticks);
        }
    }

    private void loop(DatagramHandler handler, WorkerCounters counters, ReplyGuard guard, HeldRequestTicks ticks) {
        ByteBuffer in = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
        ByteBuffer out = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
        ChannelDatagram datagram = new ChannelDatagram(in);
        while (channel.isOpen()) {
            in.clear();
            SocketAddress sender;
            try {
                sender = channel.receive(in);
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    return;
                }
                counters.increment(ServerCounter.RECEIVE_FAILURES);
                continue;
            }
            if (sender == null) {
                // Only a non-blocking channel, holding requests, returns nothing: wait a tick, hand those due.
                ticks.await();
                if (guard.handHeldRequests(handler) > 0) {
                    guard.batchEnded();
                    ServerTransport.endBatch(handler, counters);
                }
                continue;
            }
            in.flip();
            datagram.sender = (InetSocketAddress) sender;
            counters.increment(ServerCounter.RECEIVED);
            counters.add(ServerCounter.BYTES_RECEIVED, in.remaining());
            if (!in.hasRemaining()) {
                counters.increment(ServerCounter.EMPTY);
            }
            if (!guard.admitRequest(datagram.sender, in)) {
                continue;
            }
            boolean open = !guard.answer(handler, datagram, out) || send(out.flip(), sender, counters);
            guard.handHeldRequests(handler);
            guard.batchEnded();
            // Each receive is a batch of one: what the handler printed for it is written even when closing.
            ServerTransport.endBatch(handler, counters);
            if (!open) {
                return;
            }
        }
    }

    /** Sends {@code reply}; false when the channel was closed meanwhile. */
    private boolean send(ByteBuffer reply, SocketAddress to, WorkerCounters counters) {
        try {
            channel.send(reply, to);
            counters.increment(ServerCounter.REPLIED);
        } catch (ClosedChannelException closed) {
            return false;
        } catch (IOException e) {
            counters.increment(ServerCounter.SEND_FAILURES);
        }
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a datagram channel has nothing to flush; the socket is gone either way.
        }
    }

    @Override
    public String toString() {
        return kind().label() + " at " + Endpoints.format(localAddress);
    }

    /**
     * How a worker holding requests waits for a datagram: on a selector, at most {@link FaultyRequests#TICK}, so
     * that it wakes to hand the held requests that came due. {@link #NONE} for a blocking channel never waits.
     */
    private interface HeldRequestTicks extends AutoCloseable {
        HeldRequestTicks NONE = () -> {
        };

        static HeldRequestTicks on(DatagramChannel channel) throws IOException {
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            try {
                channel.register(selector, SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                selector.close();
                throw e;
            }
            return new HeldRequestTicks() {
                @Override
                public void await() {
                    try {
                        selector.select(FaultyRequests.TICK.toMillis());
                        selector.selectedKeys().clear();
                    } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                        // The next receive finds the channel closed, or tries again.
                    }
                }

                @Override
                public void close() throws IOException {
                    // Deregisters the channel, so that a close pending on it completes.
                    selector.close();
                }
            };
        }

        default void await() {
        }

        @Override
        void close() throws IOException;
    }

    private static final class ChannelDatagram implements ReceivedDatagram {
        private final ByteBuffer payload;
        private InetSocketAddress sender;

        ChannelDatagram(ByteBuffer payload) {
            this.payload = payload;
        }

        @Override
        public ByteBuffer payload() {
            return payload;
        }

        @Override
        public InetSocketAddress sender() {
            return sender;
        }
    }
}
