package org.udpkit.request;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.udpkit.Requirements;
import org.udpkit.linux.Linux;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.IdHandler;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.protocol.ReceivedDatagram;
import org.udpkit.protocol.SharedKey;
import org.udpkit.server.Faults;
import org.udpkit.server.ServerCounter;
import org.udpkit.server.ServerCounts;
import org.udpkit.server.ServerOptions;
import org.udpkit.server.TransportKind;
import org.udpkit.server.UdpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server of the ID protocol whose request faults duplicate some requests: its handler sees each such request
 * twice (same ID, same transmission) and answers it twice, and the {@link Requester} counts the second reply as a
 * duplicate: a fault in the requests is not a fault in the replies, it reaches the server's per-request logic.
 */
@Timeout(60)
class DuplicatedRequestTest {
    private static final SharedKey KEY = SharedKey.of("a key both ends share, 32 bytes.".getBytes(StandardCharsets.US_ASCII));
    private static final int REQUESTS = 100;
    /** No retransmission on loopback: every duplicate reply comes from a request handled twice. */
    private static final RetransmissionPolicy PATIENT = new RetransmissionPolicy.Adaptive(
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), 0);

    /** Counts what the handler it wraps is handed. */
    private record Counting(DatagramHandler inner, AtomicLong handled) implements DatagramHandler {
        @Override
        public boolean handle(ReceivedDatagram request, ByteBuffer reply) {
            handled.incrementAndGet();
            return inner.handle(request, reply);
        }

        @Override
        public void batchEnded() {
            inner.batchEnded();
        }

        @Override
        public boolean sourceProven() {
            return inner.sourceProven();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"LINUX_BATCHED", "JDK"})
    void aDuplicatedRequestIsHandledTwiceAndTheClientCountsADuplicateReply(TransportKind transport) throws IOException {
        if (transport == TransportKind.LINUX_BATCHED) {
            Requirements.require(Linux.isAvailable(), "the batched transport: " + Linux.whyUnavailable().orElse(""));
        }
        AtomicLong handled = new AtomicLong();
        ServerOptions options = ServerOptions.defaults().withTransport(transport)
                .withRequestFaults(Faults.none(20261203L).withDuplicate(0.3));
        RequestSettings settings = RequestSettings.defaults().withKey(KEY).withRetransmission(PATIENT);
        try (UdpServer server = UdpServer.openPerWorker(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                counters -> new Counting(new IdHandler(new LengthProtocol(), Optional.of(KEY), counters), handled),
                options).start();
             Requester requester = Requester.open(server.localAddress(), settings)) {
            List<byte[]> payloads = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                payloads.add(new byte[i]);
            }
            List<RequestOutcome> outcomes = requester.requestAll(payloads, outcome -> { });
            assertThat(outcomes).allMatch(o -> o instanceof RequestOutcome.Answered);
            // Every decision for those requests is made and counted before their replies leave.
            long duplicated = server.counts().get(ServerCounter.FAULT_DUPLICATED_REQUESTS);
            // One request more: the second copy of the last one above is answered before it, so the requester
            // reads it; this one's own second reply, if any, comes right after its first and may be read or not.
            assertThat(requester.request(new byte[REQUESTS])).isInstanceOf(RequestOutcome.Answered.class);
            RequesterCounts counts = requester.counts();
            ServerCounts after = server.counts();
            // The last request's second copy, if any, is handed just after its first reply went out: wait for it.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (handled.get() < REQUESTS + 1 + after.get(ServerCounter.FAULT_DUPLICATED_REQUESTS)
                    && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
                after = server.counts();
            }
            System.out.printf("duplicated requests (%s): server %s; client %s%n", transport.label(),
                    after.summary(), counts);
            assertThat(duplicated).isPositive();
            assertThat(counts.duplicates()).as("the client's duplicate replies")
                    .isBetween(duplicated, after.get(ServerCounter.FAULT_DUPLICATED_REQUESTS));
            assertThat(counts.retransmissions()).isZero();
            assertThat(counts.forged() + counts.stale() + counts.notUnderstood()).isZero();
            assertThat(after.get(ServerCounter.RECEIVED)).as("each request arrived once").isEqualTo(REQUESTS + 1);
            assertThat(handled.get()).as("handled twice when duplicated")
                    .isEqualTo(REQUESTS + 1 + after.get(ServerCounter.FAULT_DUPLICATED_REQUESTS));
        }
    }
}
