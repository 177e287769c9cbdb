package org.udpkit.request;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpkit.client.BackoffPolicy;
import org.udpkit.client.Reply;
import org.udpkit.client.UdpClient;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.IdHandler;
import org.udpkit.protocol.IdProtocol;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.protocol.SharedKey;
import org.udpkit.server.HandlerCounters;
import org.udpkit.server.ServerOptions;
import org.udpkit.server.UdpServer;
import org.udpkit.testing.FaultyPeer;
import org.udpkit.testing.Forger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class RequesterTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    private static final SharedKey KEY = SharedKey.of("a key both ends share, 32 bytes.".getBytes(StandardCharsets.US_ASCII));
    private static final SharedKey ATTACKERS_KEY = SharedKey.of("the attacker's guess at the key!".getBytes(StandardCharsets.US_ASCII));
    /** Long first waits: the forgery tests answer once all forgeries are in, and want no retransmission meanwhile. */
    private static final RetransmissionPolicy PATIENT = new RetransmissionPolicy.Adaptive(
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), 0);
    /** Answers with the request's own payload: a reply then says which request it answers. */
    private static final DatagramHandler ECHO = (request, reply) -> {
        reply.put(request.payload().duplicate());
        return true;
    };

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static UdpServer idServer(Optional<SharedKey> key) throws IOException {
        return UdpServer.openPerWorker(new InetSocketAddress(LOOPBACK, 0),
                counters -> new IdHandler(new LengthProtocol(), key, counters), ServerOptions.defaults()).start();
    }

    @Test
    void manyRequestsInFlightAreEachAnsweredWithTheirRoundTrip() throws IOException {
        for (Optional<SharedKey> key : List.of(Optional.<SharedKey>empty(), Optional.of(KEY))) {
            RequestSettings settings = new RequestSettings(key, RetransmissionPolicy.Adaptive.defaults(),
                    Duration.ofSeconds(10), 16, Connection.CONNECTED);
            try (UdpServer server = idServer(key); Requester requester = Requester.open(server.localAddress(), settings)) {
                List<byte[]> payloads = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    payloads.add(new byte[i]);
                }
                List<RequestOutcome> outcomes = requester.requestAll(payloads, outcome -> { });
                for (int i = 0; i < outcomes.size(); i++) {
                    RequestOutcome.Answered answered = (RequestOutcome.Answered) outcomes.get(i);
                    assertThat(answered.index()).isEqualTo(i);
                    assertThat(answered.text()).isEqualTo(LengthProtocol.replyText(i));
                    assertThat(answered.rtt()).isPositive();
                }
                RequesterCounts counts = requester.counts();
                assertThat(counts.answered()).isEqualTo(200);
                assertThat(counts.forged() + counts.duplicates() + counts.stale() + counts.notUnderstood()).isZero();
                assertThat(requester.rto()).as("learned from loopback round trips").isEqualTo(Duration.ofMillis(200));
            }
        }
    }

    @Test
    void aPortWhereNothingListensRefuses() throws IOException {
        InetSocketAddress closed;
        try (DatagramChannel gone = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            closed = (InetSocketAddress) gone.getLocalAddress();
        }
        try (Requester requester = Requester.open(closed, RequestSettings.defaults())) {
            assertThat(requester.request(text("anyone?"))).isInstanceOf(RequestOutcome.Refused.class);
            assertThat(requester.counts().refused()).isEqualTo(1);
        }
    }

    /** What the silent server of the forgery tests saw of the request. */
    private record Seen(long id, int transmission, InetSocketAddress client) {
    }

    private static Seen awaitRequest(DatagramChannel server, IdProtocol protocol) throws IOException {
        return awaitRequest(server, protocol, 10_000);
    }

    private static Seen awaitRequest(DatagramChannel server, IdProtocol protocol, int timeoutMillis) throws IOException {
        ByteBuffer request = ByteBuffer.allocate(65_536);
        server.socket().setSoTimeout(timeoutMillis);
        java.net.DatagramPacket packet = new java.net.DatagramPacket(request.array(), request.capacity());
        server.socket().receive(packet);
        ByteBuffer datagram = ByteBuffer.wrap(packet.getData(), 0, packet.getLength());
        assertThat(protocol.check(datagram)).isEqualTo(IdProtocol.Verdict.REQUEST);
        // The client is on the server's loopback address, 127.0.0.1 or ::1.
        InetAddress loopback = ((InetSocketAddress) server.getLocalAddress()).getAddress();
        return new Seen(IdProtocol.idOf(datagram), IdProtocol.transmissionOf(datagram),
                new InetSocketAddress(loopback, ((InetSocketAddress) packet.getSocketAddress()).getPort()));
    }

    /** 999 guessed IDs and the right one, each a well-formed reply (tagged with {@code forgery}'s key, if any). */
    private static List<byte[]> guesses(IdProtocol forgery, Seen seen) {
        List<byte[]> datagrams = new ArrayList<>();
        for (int i = 0; i < 999; i++) {
            datagrams.add(forgery.datagram(IdProtocol.Kind.REPLY, IdProtocol.newId(), 1, text("FORGED " + i)));
        }
        datagrams.add(forgery.datagram(IdProtocol.Kind.REPLY, seen.id(), seen.transmission(), text("FORGED with the right ID")));
        return datagrams;
    }

    /**
     * A client waits while an attacker sends it forgeries ({@code attack}), then the server answers; the
     * client must take the server's answer and have counted every forgery.
     */
    private interface Attack {
        void run(Seen seen, InetSocketAddress server) throws Exception;
    }

    private static RequesterCounts requestUnder(Optional<SharedKey> key, Attack attack, String expectedReply) throws Exception {
        return requestUnder(LOOPBACK, key, attack, expectedReply);
    }

    private static RequesterCounts requestUnder(InetAddress loopback, Optional<SharedKey> key, Attack attack,
                                                String expectedReply) throws Exception {
        IdProtocol protocol = IdProtocol.of(key);
        RequestSettings settings = new RequestSettings(key, PATIENT, Duration.ofSeconds(60), 1, Connection.UNCONNECTED);
        ExecutorService waiting = Executors.newSingleThreadExecutor();
        try (DatagramChannel server = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
             Requester requester = Requester.open((InetSocketAddress) server.getLocalAddress(), settings)) {
            Future<RequestOutcome> outcome = waiting.submit(() -> requester.request(text("question")));
            Seen seen = awaitRequest(server, protocol);
            attack.run(seen, (InetSocketAddress) server.getLocalAddress());
            server.send(ByteBuffer.wrap(protocol.datagram(IdProtocol.Kind.REPLY, seen.id(), seen.transmission(),
                    text("the server's answer"))), seen.client());
            RequestOutcome.Answered answered = (RequestOutcome.Answered) outcome.get(30, TimeUnit.SECONDS);
            assertThat(answered.text()).isEqualTo(expectedReply);
            return requester.counts();
        } finally {
            waiting.shutdownNow();
        }
    }

    @Test
    void theIdClientTakesNoneOfAThousandForgeriesFromAnotherSocket() throws Exception {
        RequesterCounts counts = requestUnder(Optional.empty(),
                (seen, server) -> Forger.fromAnotherSocket(guesses(IdProtocol.keyless(), seen), seen.client()),
                "the server's answer");
        assertThat(counts.forged()).isEqualTo(1000);
        assertThat(counts.answered()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void theKeyedClientTakesNoneOfAThousandForgeriesNorAThousandSpoofedFromTheServersAddress(String loopback)
            throws Exception {
        RequesterCounts counts = requestUnder(InetAddress.ofLiteral(loopback), Optional.of(KEY), (seen, server) -> {
            Forger.fromAnotherSocket(guesses(IdProtocol.keyed(ATTACKERS_KEY), seen), seen.client());
            // The attacker saw the request: it knows the ID and the transmission, and sends from the server's
            // own address and port, with a tag of the wrong key, half of them untagged.
            List<byte[]> spoofed = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                IdProtocol forgery = i % 2 == 0 ? IdProtocol.keyed(ATTACKERS_KEY) : IdProtocol.keyless();
                spoofed.add(forgery.datagram(IdProtocol.Kind.REPLY, seen.id(), seen.transmission(), text("SPOOFED " + i)));
            }
            Forger.spoofed(spoofed, server, seen.client());
        }, "the server's answer");
        assertThat(counts.forged()).isEqualTo(2000);
        assertThat(counts.answered()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void withoutAKeyASpoofedReplyWithTheRightIdIsTaken(String loopback) throws Exception {
        // Why the key: an attacker who sees the request and can spoof the server's address wins without it.
        RequesterCounts counts = requestUnder(InetAddress.ofLiteral(loopback), Optional.empty(), (seen, server) -> Forger.spoofed(
                List.of(IdProtocol.keyless().datagram(IdProtocol.Kind.REPLY, seen.id(), seen.transmission(), text("SPOOFED"))),
                server, seen.client()), "SPOOFED");
        assertThat(counts.forged()).isZero();
    }

    @Test
    void theBooksUnconnectedClientTakesForgedAndSpoofedRepliesAlike() throws Exception {
        // The book's lesson: a well-formed reply of the book's protocol is all it checks, whoever sent it.
        try (DatagramChannel server = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             UdpClient client = UdpClient.unconnected((InetSocketAddress) server.getLocalAddress())) {
            byte[] request = text("question");
            client.send(request);
            InetSocketAddress victim = new InetSocketAddress(LOOPBACK, client.localAddress().getPort());
            List<byte[]> forged = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                forged.add(text(LengthProtocol.replyText(request.length)));
            }
            List<Reply> ignored = new ArrayList<>();
            // Read while the attacker sends: the client's buffer would not hold a thousand.
            ExecutorService attacker = Executors.newSingleThreadExecutor();
            try {
                Future<?> sending = attacker.submit(() -> {
                    Forger.fromAnotherSocket(forged, victim);
                    return null;
                });
                for (int i = 0; i < 1000; i++) {
                    Reply taken = client.receive(Duration.ofSeconds(10), UdpClient.bookReplyTo(request), ignored::add).orElseThrow();
                    assertThat(taken.from()).isNotEqualTo(server.getLocalAddress());
                }
                sending.get(30, TimeUnit.SECONDS);
                Future<?> spoofing = attacker.submit(() -> {
                    Forger.spoofed(forged, (InetSocketAddress) server.getLocalAddress(), victim);
                    return null;
                });
                for (int i = 0; i < 1000; i++) {
                    Reply taken = client.receive(Duration.ofSeconds(10), UdpClient.bookReplyTo(request), ignored::add).orElseThrow();
                    assertThat(taken.from()).as("spoofed: it seems to come from the server").isEqualTo(server.getLocalAddress());
                }
                spoofing.get(30, TimeUnit.SECONDS);
            } finally {
                attacker.shutdownNow();
            }
            assertThat(ignored).isEmpty();
            // What it does ignore: a datagram that is not the book's reply to this request.
            Forger.fromAnotherSocket(List.of(text("FORGED 998"), text(LengthProtocol.replyText(request.length))), victim);
            assertThat(client.receive(Duration.ofSeconds(10), UdpClient.bookReplyTo(request), ignored::add)).isPresent();
            assertThat(ignored).extracting(Reply::text).containsExactly("FORGED 998");
        }
    }

    @Test
    void againstDelaysAndDuplicatesNoRequestIsGivenAnotherRequestsReply() throws IOException {
        FaultyPeer peer = FaultyPeer.start(new FaultyPeer.Plan(0.3, 0.2, 0, 0.3, 0, 17),
                new IdHandler(ECHO, Optional.empty(), HandlerCounters.NONE));
        // One request at a time: the peer holds a delayed reply until the next datagram, so a request whose last
        // attempt is delayed times out, and its reply arrives when the next request is sent: stale. A fixed
        // schedule of 10, 20 and 40 ms keeps the run short (delayed replies would rightly raise an adaptive RTO).
        RequestSettings settings = new RequestSettings(Optional.empty(),
                new RetransmissionPolicy.Schedule(new BackoffPolicy(0.01, 2, 0.04)), Duration.ofSeconds(1), 1,
                Connection.CONNECTED);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            payloads.add(text("request " + i));
        }
        List<RequestOutcome> outcomes;
        RequesterCounts counts;
        try (peer; Requester requester = Requester.open(peer.address(), settings)) {
            outcomes = requester.requestAll(payloads, outcome -> { });
            counts = requester.counts();
        }
        for (RequestOutcome outcome : outcomes) {
            if (outcome instanceof RequestOutcome.Answered answered) {
                assertThat(answered.text()).isEqualTo("request " + answered.index());
            }
        }
        System.out.printf("delays and duplicates: %s%n", counts);
        assertThat(counts.answered() + counts.timedOut()).isEqualTo(600);
        assertThat(counts.duplicates()).as("duplicates seen").isPositive();
        assertThat(counts.stale()).as("stale replies seen").isPositive();
        assertThat(counts.forged()).isZero();
    }

    private static RequesterCounts underLoss(RetransmissionPolicy policy) throws IOException {
        // 30% of requests and 30% of replies lost, each drawn on its own, seeded.
        FaultyPeer peer = FaultyPeer.start(new FaultyPeer.Plan(0.3, 0, 0, 0, 0.3, 42),
                new IdHandler(new LengthProtocol(), Optional.empty(), HandlerCounters.NONE));
        RequestSettings settings = new RequestSettings(Optional.empty(), policy, Duration.ofSeconds(10), 100,
                Connection.CONNECTED);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            payloads.add(new byte[i % 100]);
        }
        try (peer; Requester requester = Requester.open(peer.address(), settings)) {
            List<RequestOutcome> outcomes = requester.requestAll(payloads, outcome -> { });
            for (RequestOutcome outcome : outcomes) {
                if (outcome instanceof RequestOutcome.Answered answered) {
                    assertThat(answered.text()).isEqualTo(LengthProtocol.replyText(answered.index() % 100));
                }
            }
            return requester.counts();
        }
    }

    @Test
    void underThirtyPercentLossEachWayAThousandRequestsAllComplete() throws IOException {
        // A LAN's policy: waits from 50 ms, doubled up to 500 ms, never below the measured RTO.
        RequesterCounts adaptive = underLoss(new RetransmissionPolicy.Adaptive(
                Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(500), 0.25));
        RequesterCounts book = underLoss(RetransmissionPolicy.book());
        System.out.printf("30%%/30%% loss, 1000 requests, 10 s deadline: adaptive answered %.1f%% with %.2f "
                        + "retransmissions per request; the book's schedule answered %.1f%% with %.2f%n",
                adaptive.answered() / 10.0, adaptive.retransmissions() / 1000.0,
                book.answered() / 10.0, book.retransmissions() / 1000.0);
        assertThat(adaptive.answered()).isEqualTo(1000);
        assertThat(adaptive.retransmissions()).isPositive();
        // The book's five tries in 3.1 s: each fails with probability 0.51^5, about 3.5%.
        assertThat(book.answered()).isLessThan(1000);
        assertThat(book.timedOut()).isEqualTo(1000 - book.answered());
    }

    @Test
    void retransmissionsKeepTheirIdNumberEachSendAndComeNoMoreOftenThanOncePerRto() throws Exception {
        // No round trip measured yet: the RTO is the first one, 100 ms, and the waits double from there.
        RetransmissionPolicy policy = new RetransmissionPolicy.Adaptive(Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofMillis(300), 0.25);
        ExecutorService waiting = Executors.newSingleThreadExecutor();
        try (DatagramChannel silent = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             Requester requester = Requester.open((InetSocketAddress) silent.getLocalAddress(),
                     RequestSettings.defaults().withRetransmission(policy).withDeadline(Duration.ofMillis(1200)))) {
            IdProtocol protocol = IdProtocol.keyless();
            // The receiving side read once first, so that the first send is read as it arrives, not after
            // this thread has loaded what the read needs: the gaps are measured between reads.
            try (DatagramChannel warmUp = DatagramChannel.open()) {
                warmUp.send(ByteBuffer.wrap(protocol.datagram(IdProtocol.Kind.REQUEST, 1, 1, new byte[0])),
                        silent.getLocalAddress());
            }
            awaitRequest(silent, protocol, 1000);
            Future<RequestOutcome> outcome = waiting.submit(() -> requester.request(text("anyone?")));
            List<Long> arrivals = new ArrayList<>();
            List<Seen> seen = new ArrayList<>();
            // Every send until the deadline; the first silence longer than the longest wait means there are no more.
            while (true) {
                try {
                    seen.add(awaitRequest(silent, protocol, 1000));
                    arrivals.add(System.nanoTime());
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
            }
            RequestOutcome ended = outcome.get(10, TimeUnit.SECONDS);
            assertThat(ended).isInstanceOf(RequestOutcome.TimedOut.class);
            assertThat(ended.attempts()).isEqualTo(seen.size()).isBetween(4, 8);
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i).id()).isEqualTo(seen.getFirst().id());
                assertThat(seen.get(i).transmission()).isEqualTo(i + 1);
            }
            // Waits of 100, 200, then 300 ms (the cap) at the least; jitter only lengthens them.
            for (int i = 1; i < arrivals.size(); i++) {
                long gapMillis = (arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000;
                assertThat(gapMillis).as("gap before send %d", i + 1).isGreaterThanOrEqualTo(Math.min(300, 100L << (i - 1)) - 5);
            }
        } finally {
            waiting.shutdownNow();
        }
    }

    @Test
    void theBooksScheduleIsTriedExactlyAsTheBookDoes() throws IOException {
        try (DatagramChannel silent = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             Requester requester = Requester.open((InetSocketAddress) silent.getLocalAddress(),
                     RequestSettings.defaults().withRetransmission(RetransmissionPolicy.book()))) {
            long start = System.nanoTime();
            RequestOutcome outcome = requester.request(text("anyone?"));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(outcome).isInstanceOf(RequestOutcome.TimedOut.class);
            assertThat(outcome.attempts()).isEqualTo(BackoffPolicy.book().waits().size());
            assertThat(seconds).as("0.1 + 0.2 + 0.4 + 0.8 + 1.6 s").isGreaterThanOrEqualTo(3.1);
        }
    }
}
