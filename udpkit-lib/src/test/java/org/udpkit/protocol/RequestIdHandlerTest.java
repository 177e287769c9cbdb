package org.udpkit.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpkit.client.UdpClient;
import org.udpkit.server.Counts;
import org.udpkit.server.ServerCounter;
import org.udpkit.server.ServerCounts;
import org.udpkit.server.UdpServer;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class RequestIdHandlerTest {
    @Test
    void theReplyCarriesTheRequestsIdAndAnswersTheRest() throws IOException, InterruptedException {
        try (UdpServer server = UdpServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new RequestIdHandler(new LengthProtocol())).start();
             UdpClient client = UdpClient.connected(server.localAddress())) {
            long id = RequestIds.newId();
            client.send(RequestIds.request(id, "hello".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer reply = ByteBuffer.wrap(client.receive(Duration.ofSeconds(5)).orElseThrow().data());
            assertThat(RequestIds.hasId(reply)).isTrue();
            assertThat(RequestIds.idOf(reply)).isEqualTo(id);
            assertThat(StandardCharsets.US_ASCII.decode(RequestIds.body(reply)).toString())
                    .isEqualTo("Your data was 5 bytes long");

            client.send(new byte[7]); // too short to carry an ID: no answer
            // The control, a request that must be answered. One worker answers in order and loopback keeps order,
            // so had the 7 bytes been answered, that answer would arrive first: the control's coming first shows
            // there was none, without waiting for a silence.
            long control = RequestIds.newId();
            client.send(RequestIds.request(control, "hi".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer next = ByteBuffer.wrap(client.receive(Duration.ofSeconds(5)).orElseThrow().data());
            assertThat(RequestIds.hasId(next)).isTrue();
            assertThat(RequestIds.idOf(next)).isEqualTo(control);
            assertThat(StandardCharsets.US_ASCII.decode(RequestIds.body(next)).toString())
                    .isEqualTo("Your data was 2 bytes long");
            ServerCounts counts = Counts.awaitCount(server::counts, ServerCounter.REPLIED, 2);
            assertThat(counts.get(ServerCounter.RECEIVED)).isEqualTo(3);
        }
    }

    @Test
    void theEndOfABatchIsPassedOn() {
        AtomicInteger ends = new AtomicInteger();
        DatagramHandler inner = new DatagramHandler() {
            @Override
            public boolean handle(ReceivedDatagram request, ByteBuffer reply) {
                return false;
            }

            @Override
            public void batchEnded() {
                ends.incrementAndGet();
            }
        };
        new RequestIdHandler(inner).batchEnded();
        assertThat(ends).hasValue(1);
    }
}
