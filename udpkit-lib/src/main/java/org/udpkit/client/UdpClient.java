package org.udpkit.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.channels.DatagramChannel;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.Predicate;

import org.udpkit.net.Endpoints;
import org.udpkit.protocol.LengthProtocol;

/**
 * A UDP client socket aimed at one server.
 *
 * <p>Connected by default: the kernel then delivers only datagrams from the server's address, so a
 * stray or forged reply from anywhere else never reaches us (the book's defence). Unconnected ("promiscuous")
 * it accepts a reply from anyone, which {@link Reply#from()} lets the caller see. {@link #connected} and
 * {@link #unconnected} name the two ways to open one.
 */
public final class UdpClient implements AutoCloseable {
    /** Big enough for any UDP payload. */
    public static final int MAX_DATAGRAM = 65535;

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final boolean connected;
    private final byte[] receiveBuffer = new byte[MAX_DATAGRAM];

    private UdpClient(DatagramSocket socket, InetSocketAddress server, boolean connected) {
        this.socket = socket;
        this.server = server;
        this.connected = connected;
    }

    /**
     * A client connected to {@code server}: the kernel delivers it only datagrams from that address and
     * port, and tells it when nothing listens there.
     */
    public static UdpClient connected(InetSocketAddress server) throws IOException {
        return open(server, anyPort(server), true);
    }

    /** A client that is not connected: it sends to {@code server} and accepts a datagram from anyone. */
    public static UdpClient unconnected(InetSocketAddress server) throws IOException {
        return open(server, anyPort(server), false);
    }

    /** An unconnected client whose own socket is bound at {@code local}, e.g. to send from a chosen port. */
    public static UdpClient unconnected(InetSocketAddress server, InetSocketAddress local) throws IOException {
        return open(server, local, false);
    }

    private static InetSocketAddress anyPort(InetSocketAddress server) {
        return new InetSocketAddress(Endpoints.anyLocal(Endpoints.familyOf(server.getAddress())), 0);
    }

    private static UdpClient open(InetSocketAddress server, InetSocketAddress local, boolean connect) throws IOException {
        Objects.requireNonNull(server, "server");
        // A channel of the server's own family: an IPv4 server gets an AF_INET socket that shows 0.0.0.0, not [::].
        DatagramSocket socket = DatagramChannel.open(Endpoints.familyOf(server.getAddress())).socket();
        try {
            socket.bind(local);
            if (connect) {
                socket.connect(server);
            }
            return new UdpClient(socket, server, connect);
        } catch (SocketException e) {
            socket.close();
            throw new SocketException("cannot open a socket to " + Endpoints.format(server) + " from "
                    + Endpoints.format(local) + ": " + e.getMessage());
        }
    }

    public boolean isConnected() {
        return connected;
    }

    public InetSocketAddress server() {
        return server;
    }

    /** The address the OS gave this socket: the wildcard address until connected, since the kernel picks the source per datagram. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Lets the socket send to a broadcast address. */
    public void enableBroadcast() throws SocketException {
        socket.setBroadcast(true);
    }

    /**
     * Sends one datagram to the server.
     *
     * @throws IOException also for an empty datagram on a connected client: the JDK skips a zero-length
     *                     write on a connected socket without a word, so we say so instead of pretending
     */
    public void send(byte[] data) throws IOException {
        if (data.length == 0 && connected) {
            throw new IOException("cannot send an empty datagram on a connected socket (the JDK skips the write);"
                    + " use an unconnected client for that");
        }
        try {
            socket.send(new DatagramPacket(data, data.length, server));
        } catch (PortUnreachableException e) {
            throw unreachable(e);
        } catch (IOException e) {
            throw new IOException("cannot send " + data.length + " bytes to " + Endpoints.format(server)
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits as long as it takes for one datagram, as the book's local client does.
     *
     * @throws ServerDownException when the kernel reported the server's port unreachable (connected only)
     */
    public Reply receive() throws IOException {
        return receiveWithin(0).orElseThrow();
    }

    /**
     * Waits up to {@code timeout} for one datagram.
     *
     * @return the datagram, or empty when the time ran out
     * @throws IllegalArgumentException when {@code timeout} is not positive
     * @throws ServerDownException when the kernel reported the server's port unreachable (connected only)
     */
    public Optional<Reply> receive(Duration timeout) throws IOException {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a timeout must be positive, not " + timeout);
        }
        // SO_TIMEOUT counts milliseconds, where 0 means for ever: anything shorter waits one.
        return receiveWithin(Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE));
    }

    /**
     * Whether a datagram is the book's reply to {@code request}: {@code Your data was N bytes long}, N being
     * the request's length. A client that is not connected still cannot tell a forged reply of this form from
     * the server's: only the ID protocol with a key can (docs/protocol.md).
     */
    public static Predicate<Reply> bookReplyTo(byte[] request) {
        int length = request.length;
        return reply -> LengthProtocol.isReplyTo(ByteBuffer.wrap(reply.data()), length);
    }

    /**
     * Waits as long as it takes for a datagram that {@code isAnswer} takes; every other one is handed to
     * {@code ignored} and the wait goes on.
     */
    public Reply receive(Predicate<Reply> isAnswer, Consumer<Reply> ignored) throws IOException {
        while (true) {
            Reply reply = receive();
            if (isAnswer.test(reply)) {
                return reply;
            }
            ignored.accept(reply);
        }
    }

    /**
     * Waits up to {@code timeout} in all for a datagram that {@code isAnswer} takes; every other one is handed
     * to {@code ignored}, and the wait goes on for what is left of the timeout.
     *
     * @return the answer, or empty when the time ran out
     */
    public Optional<Reply> receive(Duration timeout, Predicate<Reply> isAnswer, Consumer<Reply> ignored) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration left = timeout;
        while (left.isPositive()) {
            Optional<Reply> reply = receive(left);
            if (reply.isEmpty()) {
                return reply;
            }
            if (isAnswer.test(reply.get())) {
                return reply;
            }
            ignored.accept(reply.get());
            left = Duration.ofNanos(deadline - System.nanoTime());
        }
        return Optional.empty();
    }

    private Optional<Reply> receiveWithin(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        DatagramPacket packet = new DatagramPacket(receiveBuffer, receiveBuffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (PortUnreachableException e) {
            throw unreachable(e);
        }
        byte[] data = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
        return Optional.of(new Reply(data, (InetSocketAddress) packet.getSocketAddress()));
    }

    /**
     * The book's retransmitting request: sends {@code data}, waits per {@code policy}, sends again
     * after each timeout. {@code beforeEachWait} hears each wait in seconds, before it starts. A port
     * reported unreachable counts as one more silence (a server may be starting), and is named at the end.
     *
     * @throws ServerDownException after the last wait passes with no reply
     */
    public Reply request(byte[] data, BackoffPolicy policy, DoubleConsumer beforeEachWait) throws IOException {
        return request(data, policy, beforeEachWait, reply -> true, reply -> { });
    }

    /**
     * Like {@link #request(byte[], BackoffPolicy, DoubleConsumer)}, but takes only a datagram that
     * {@code isAnswer} accepts (e.g. {@link #bookReplyTo}); every other one goes to {@code ignored}, and the
     * wait goes on for what is left of it.
     */
    public Reply request(byte[] data, BackoffPolicy policy, DoubleConsumer beforeEachWait, Predicate<Reply> isAnswer,
                         Consumer<Reply> ignored) throws IOException {
        ServerDownException unreachable = null;
        for (double wait : policy.waits()) {
            long deadline = System.nanoTime() + BackoffPolicy.toDuration(wait).toNanos();
            try {
                send(data);
                beforeEachWait.accept(wait);
                Optional<Reply> reply = receive(BackoffPolicy.toDuration(wait), isAnswer, ignored);
                if (reply.isPresent()) {
                    return reply.get();
                }
            } catch (ServerDownException e) {
                unreachable = e;
                sleepUntil(deadline);
            }
        }
        if (unreachable != null) {
            throw unreachable;
        }
        throw new ServerDownException(ServerDownException.Reason.NO_REPLY, "no reply from " + Endpoints.format(server) + " within " + policy.waits().size()
                + " tries");
    }

    private ServerDownException unreachable(PortUnreachableException cause) {
        return new ServerDownException(ServerDownException.Reason.PORT_UNREACHABLE, "nothing is listening at " + Endpoints.format(server) + " (the port is unreachable)", cause);
    }

    private static void sleepUntil(long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting to retransmit");
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
