package org.udpkit.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpkit.Requirements;
import org.udpkit.linux.Linux;
import org.udpkit.protocol.IdHandler;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.protocol.SharedKey;
import org.udpkit.server.ServerCounter;
import org.udpkit.server.ServerCounts;
import org.udpkit.server.ServerOptions;
import org.udpkit.server.UdpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The load generator speaking the ID protocol, with and without a key, to servers of the ID protocol. */
@Timeout(60)
class LoadGeneratorIdsTest {
    private static final SharedKey KEY = SharedKey.of("the load generator's shared key!".getBytes(StandardCharsets.US_ASCII));

    private static LoadResult run(Optional<SharedKey> serverKey, LoadProtocol protocol) throws IOException {
        Requirements.require(Linux.isAvailable(), "the native layer (Linux, native access)");
        try (UdpServer server = UdpServer.openPerWorker(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                counters -> new IdHandler(new LengthProtocol(), serverKey, counters), ServerOptions.defaults()).start()) {
            LoadSettings settings = LoadSettings.closedLoop(server.localAddress(), 16, 64, Duration.ofMillis(300))
                    .withProtocol(protocol);
            LoadResult result = LoadGenerator.run(settings, RttRecorder.NONE, ProgressListener.NONE);
            ServerCounts counts = server.counts();
            assertThat(counts.get(ServerCounter.HANDLER_FAILURES)).isZero();
            return result;
        }
    }

    @Test
    void everyRequestIsAnsweredByIdWithAndWithoutAKey() throws IOException {
        for (Optional<SharedKey> key : java.util.List.of(Optional.<SharedKey>empty(), Optional.of(KEY))) {
            LoadResult result = run(key, new LoadProtocol.Ids(key));
            assertThat(result.answered()).as("key %s", key).isPositive();
            assertThat(result.wrong() + result.lost() + result.late() + result.duplicates()).isZero();
        }
    }

    @Test
    void aServerWithAnotherKeyAnswersNothing() throws IOException {
        LoadResult result = run(Optional.of(KEY), new LoadProtocol.Ids(Optional.of(
                SharedKey.of("not the key the server holds....".getBytes(StandardCharsets.US_ASCII)))));
        assertThat(result.answered()).isZero();
        assertThat(result.lost()).isPositive();
    }

    @Test
    void aRequestMustHoldTheHeaderAndTag() {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        assertThatThrownBy(() -> LoadSettings.closedLoop(target, 1, 47, Duration.ofSeconds(1))
                .withProtocol(new LoadProtocol.Ids(Optional.of(KEY))))
                .hasMessageContaining("at least 48 bytes");
    }
}
