package org.udpkit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpkit.linux.Linux;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.Requirements;
import org.udpkit.protocol.LengthProtocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batched transport serves the book's protocol over IPv4 and IPv6, at every size, and stops cleanly. */
class BatchedLinuxTransportTest {
    private static final int[] SIZES = {0, 1, 2, 63, 64, 65, 1000, 1472, 1473, 8192, 9000, 32_768, 65_000, 65_506, 65_507};
    private static final Duration REPLY_WAIT = Duration.ofSeconds(3);

    @BeforeAll
    static void linuxOnly() {
        Requirements.require(Linux.isAvailable(), "native Linux sockets");
    }

    /** The book's answer, written out here rather than taken from the protocol under test. */
    private static String yourDataWas(int size) {
        return "Your data was " + size + " bytes long";
    }

    private static ServerOptions batched() {
        return ServerOptions.defaults().withTransport(TransportKind.LINUX_BATCHED);
    }

    /**
     * A test client of {@code server}. Unconnected, because the JDK silently skips sending an empty
     * datagram on a connected socket; each request names the server instead.
     */
    private record Client(DatagramSocket socket, InetSocketAddress server) implements AutoCloseable {
        void send(int size) throws IOException {
            socket.send(new DatagramPacket(new byte[size], size, server));
        }

        void send(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, server));
        }

        /** Sends {@code size} bytes and returns the reply's text. */
        String ask(int size) throws IOException {
            send(size);
            return await();
        }

        /** The next reply's text; fails if none comes within three seconds. */
        String await() throws IOException {
            DatagramPacket reply = new DatagramPacket(new byte[65_536], 65_536);
            socket.receive(reply);
            assertThat(reply.getSocketAddress()).isEqualTo(server);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static Client client(InetSocketAddress server) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(
                server.getAddress() instanceof java.net.Inet6Address ? "::1" : "127.0.0.1", 0));
        socket.setReceiveBufferSize(1 << 20);
        socket.setSoTimeout((int) REPLY_WAIT.toMillis());
        return new Client(socket, server);
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void everySizeIsAnsweredWithItsTrueLength(String host) throws IOException {
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName(host), 0);
        UdpServer server = UdpServer.open(bind, new LengthProtocol(), batched()).start();
        try (server; Client client = client(server.localAddress())) {
            assertThat(server.transport()).isEqualTo(TransportKind.LINUX_BATCHED);
            for (int size : SIZES) {
                assertThat(client.ask(size)).as("reply to %d bytes", size).isEqualTo(yourDataWas(size));
            }
        }
        // A worker counts a reply just after sending it: the counts are read once close() has joined it.
        ServerCounts counts = server.counts();
        assertThat(counts.get(ServerCounter.RECEIVED)).isEqualTo(SIZES.length);
        assertThat(counts.get(ServerCounter.REPLIED)).isEqualTo(SIZES.length);
        assertThat(counts.get(ServerCounter.EMPTY)).isEqualTo(1);
        assertThat(counts.get(ServerCounter.BYTES_RECEIVED)).isEqualTo(Arrays.stream(SIZES).asLongStream().sum());
    }

    @Test
    void aBurstIsAnsweredInOrderFromBatches() throws IOException {
        int burst = 200;
        try (UdpServer server = UdpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new LengthProtocol(), batched()).start();
             Client client = client(server.localAddress())) {
            for (int i = 0; i < burst; i++) {
                client.send(i);
            }
            for (int i = 0; i < burst; i++) {
                assertThat(client.await()).isEqualTo(yourDataWas(i));
            }
        }
    }

    @Test
    void theHandlerSeesTheSenderAndThePayload() throws IOException {
        DatagramHandler echoSender = (request, reply) -> {
            byte[] text = (request.sender().getPort() + ":" + StandardCharsets.US_ASCII.decode(request.payload()))
                    .getBytes(StandardCharsets.US_ASCII);
            reply.put(text);
            return true;
        };
        try (UdpServer server = UdpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                echoSender, batched()).start();
             Client client = client(server.localAddress())) {
            client.send("hello");
            int port = client.socket().getLocalPort();
            assertThat(client.await()).isEqualTo(port + ":hello");
        }
    }

    @Test
    void clientsTakingTurnsAreEachSeenAsThemselves() throws IOException {
        // The transport keeps the last sender it decoded: a new one must not be mistaken for it.
        DatagramHandler echoPort = (request, reply) -> {
            reply.put(String.valueOf(request.sender().getPort()).getBytes(StandardCharsets.US_ASCII));
            return true;
        };
        try (UdpServer server = UdpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                echoPort, batched()).start();
             Client first = client(server.localAddress());
             Client second = client(server.localAddress())) {
            // Sent before any reply is read, so that the turns land in the same batches.
            for (int i = 0; i < 50; i++) {
                first.send(1);
                second.send(1);
                second.send(1);
            }
            for (int i = 0; i < 50; i++) {
                assertThat(first.await()).isEqualTo(String.valueOf(first.socket().getLocalPort()));
                assertThat(second.await()).isEqualTo(String.valueOf(second.socket().getLocalPort()));
                assertThat(second.await()).isEqualTo(String.valueOf(second.socket().getLocalPort()));
            }
        }
    }

    @Test
    void aThrowingOrSilentHandlerIsCountedAndServingGoesOn() throws IOException {
        DatagramHandler picky = (request, reply) -> {
            if (request.length() == 1) {
                throw new IllegalStateException("one byte is too few");
            }
            if (request.length() == 2) {
                return false;
            }
            return new LengthProtocol().handle(request, reply);
        };
        UdpServer server = UdpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), picky, batched()).start();
        try (server; Client client = client(server.localAddress())) {
            client.send(1);
            client.send(2);
            assertThat(client.ask(3)).isEqualTo(yourDataWas(3));
        }
        ServerCounts counts = server.counts();
        assertThat(counts.get(ServerCounter.HANDLER_FAILURES)).isEqualTo(1);
        assertThat(counts.get(ServerCounter.RECEIVED)).isEqualTo(3);
        assertThat(counts.get(ServerCounter.REPLIED)).isEqualTo(1);
    }

    @Test
    void autoChoosesTheBatchedTransportOnLinuxAndJdkStaysAvailable() throws IOException {
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (UdpServer auto = UdpServer.open(bind, new LengthProtocol());
             UdpServer jdk = UdpServer.open(bind, new LengthProtocol(),
                     ServerOptions.defaults().withTransport(TransportKind.JDK))) {
            assertThat(auto.transport()).isEqualTo(TransportKind.LINUX_BATCHED);
            assertThat(jdk.transport()).isEqualTo(TransportKind.JDK);
        }
    }

    @Test
    void bindingAPortInUseSaysSoWithTheAddress() throws IOException {
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (UdpServer first = UdpServer.open(bind, new LengthProtocol(), batched())) {
            InetSocketAddress taken = first.localAddress();
            assertThatThrownBy(() -> UdpServer.open(taken, new LengthProtocol(), batched()))
                    .isInstanceOf(BindException.class)
                    .hasMessage("cannot listen at 127.0.0.1:" + taken.getPort() + ": the port is already in use")
                    .cause().hasMessageContaining("EADDRINUSE");
        }
    }

    @Test
    void closeWakesTheServingThreadAndFreesThePort() throws Exception {
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        UdpServer server = UdpServer.open(bind, new LengthProtocol(), batched());
        InetSocketAddress address = server.localAddress();
        CountDownLatch returned = new CountDownLatch(1);
        CompletableFuture<String> task = new CompletableFuture<>();
        Thread serving = Thread.ofPlatform().start(() -> {
            try {
                task.complete(kernelTaskId());
                server.run();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (RuntimeException e) {
                task.completeExceptionally(e);
                throw e;
            } finally {
                returned.countDown();
            }
        });
        try (Client client = client(address)) {
            // A reply proves the thread is in its loop; it then blocks in recvmmsg with nothing queued.
            assertThat(client.ask(5)).isEqualTo(yourDataWas(5));
        }
        // Close only once it is blocked there, so that close() has to wake it rather than beat it to the call.
        String tid = task.get(10, TimeUnit.SECONDS);
        assertThat(Await.until(() -> asleepInRecvmmsg(serving, tid), asleep -> asleep))
                .as("serving thread asleep in recvmmsg").isTrue();
        server.close();
        assertThat(returned.await(2, TimeUnit.SECONDS)).as("serving thread returned").isTrue();
        serving.join(2000);
        assertThat(serving.isAlive()).isFalse();
        try (DatagramChannel again = DatagramChannel.open(StandardProtocolFamily.INET)) {
            again.bind(address);
            assertThat(again.getLocalAddress()).isEqualTo(address);
        }
        server.close();
    }

    /** The calling thread's id as the kernel knows it: /proc/thread-self links to /proc/PID/task/TID. */
    private static String kernelTaskId() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code thread} (kernel task {@code tid}) is asleep in the kernel inside {@code recvmmsg}: its Java
     * stack, looked at before and after, says it is in the call, and the kernel says the task sleeps.
     */
    private static boolean asleepInRecvmmsg(Thread thread, String tid) throws IOException {
        if (!inRecvmmsg(thread)) {
            return false;
        }
        // /proc/PID/task/TID/stat is "TID (NAME) STATE ...", and NAME may hold blanks and parentheses.
        String stat = Files.readAllLines(Path.of("/proc/self/task", tid, "stat")).getFirst();
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        return state == 'S' && inRecvmmsg(thread);
    }

    /** Whether the innermost udpkit frame of {@code thread}'s stack is {@link Linux#recvmmsg}. */
    private static boolean inRecvmmsg(Thread thread) {
        return Arrays.stream(thread.getStackTrace())
                .filter(frame -> frame.getClassName().startsWith("org.udpkit."))
                .findFirst()
                .map(frame -> frame.getClassName().equals(Linux.class.getName()) && frame.getMethodName().equals("recvmmsg"))
                .orElse(false);
    }

    @Test
    void closingBeforeServingMakesServeReturnAtOnce() throws IOException {
        BatchedLinuxTransport transport = BatchedLinuxTransport.bind(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), batched());
        transport.close();
        WorkerCounters counters = new WorkerCounters();
        transport.serve(new LengthProtocol(), counters,
                ReplyGuard.forWorker(transport.localAddress(), batched(),
                        new ReplyBudgets(batched().limits(), transport.localAddress()), 0, counters));
        transport.close();
        assertThat(transport.kind()).isEqualTo(TransportKind.LINUX_BATCHED);
    }

    @Test
    @SuppressWarnings("try") // closes the server early, on purpose: see the close() below
    void workersShareThePortAndEachGetsItsShareOfClients() throws IOException {
        int clients = 32;
        List<ServerCounts> perWorker;
        try (UdpServer server = UdpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new LengthProtocol(), batched().withWorkers(2)).start()) {
            assertThat(server.workers()).isEqualTo(2);
            assertThat(server.transport()).isEqualTo(TransportKind.LINUX_BATCHED);
            List<Client> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    Client client = client(server.localAddress());
                    sockets.add(client);
                    assertThat(client.ask(i)).isEqualTo(yourDataWas(i));
                }
            } finally {
                for (Client c : sockets) {
                    c.close();
                }
            }
            // A worker counts a reply just after sending it: read the counts once close() has joined it.
            server.close();
            assertThat(server.counts().get(ServerCounter.REPLIED)).isEqualTo(clients);
            perWorker = server.countsByWorker();
        }
        assertThat(perWorker).hasSize(2);
        // The kernel hashes each client's address and port to a worker: with 32 clients, both get some
        // (the chance that all land on one is 2 in 2^32).
        for (ServerCounts counts : perWorker) {
            assertThat(counts.get(ServerCounter.RECEIVED)).isPositive();
        }
        assertThat(perWorker.get(0).get(ServerCounter.RECEIVED) + perWorker.get(1).get(ServerCounter.RECEIVED))
                .isEqualTo(clients);
    }

    @Test
    void oneWorkerIsTheDefaultAndMoreTurnReusePortOn() {
        assertThat(ServerOptions.defaults().workers()).isEqualTo(1);
        assertThat(ServerOptions.defaults().withWorkers(3).reusePort()).isTrue();
        assertThat(ServerOptions.defaults().withWorkers(1).reusePort()).isFalse();
        assertThatThrownBy(() -> ServerOptions.defaults().withWorkers(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
