package org.udpkit.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * udp_remote.py's client across a router that loses 30% of UDP datagrams each way, in the kernel (nftables),
 * not in the server: the client's backoff is what carries a request through. The test measures and prints
 * the success rate and the retransmissions; what it asserts is that every run ends as the book says one
 * does (a reply, or "I think the server is down") and that loss and retransmission really happened.
 */
@Timeout(120)
class LossLabTest {
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final String PORT = "1060";
    private static final int LOSS_PERCENT = 30;
    /** Runs of the client: four at a time, two after another in each lane. */
    private static final int LANES = 4;
    private static final int RUNS_PER_LANE = 2;

    @BeforeAll
    static void needsRootForNamespaces() {
        NetworkLab.require();
    }

    /** What one client run did. */
    private record ClientRun(int sends, boolean answered) {
    }

    @Test
    void theBooksBackoffCarriesRequestsAcrossARouterLosing30PercentEachWay() throws Exception {
        try (NetworkLab lab = NetworkLab.builder().lan("a").behindRouter("far", NetworkLab.LAN_MTU).build();
             RunningProcess server = RunningProcess.start(lab.udpkit("far", "remote", "server", lab.ipv4("far"),
                     "-p", PORT, "--drop", "0", "-q"))) {
            server.awaitLine("Listening at", RUN);
            lab.dropUdp(LOSS_PERCENT);

            List<ClientRun> runs = new ArrayList<>();
            try (ExecutorService lanes = Executors.newFixedThreadPool(LANES)) {
                List<Future<List<ClientRun>>> results = new ArrayList<>();
                for (int lane = 0; lane < LANES; lane++) {
                    results.add(lanes.submit(() -> {
                        List<ClientRun> done = new ArrayList<>();
                        for (int i = 0; i < RUNS_PER_LANE; i++) {
                            done.add(client(lab));
                        }
                        return done;
                    }));
                }
                for (Future<List<ClientRun>> result : results) {
                    runs.addAll(result.get());
                }
            }
            int answered = (int) runs.stream().filter(ClientRun::answered).count();
            int sends = runs.stream().mapToInt(ClientRun::sends).sum();
            long seen = lab.udpSeenByRouter();
            long dropped = lab.droppedByRouter();
            // A request is answered when it and its reply both cross: 0.7 x 0.7 = 49% a try; five tries
            // (0.1 s to 1.6 s) fail together with 0.51^5, so the book's client gets through 96.5% of the time.
            System.out.printf("Loss %d%% each way: %d of %d requests answered (%.0f%%; the backoff's expectation 96.5%%);"
                            + " %d datagrams sent for %d requests (%d retransmissions, %.2f a request);"
                            + " the router dropped %d of %d UDP datagrams (%.0f%%)%n",
                    LOSS_PERCENT, answered, runs.size(), 100.0 * answered / runs.size(), sends, runs.size(),
                    sends - runs.size(), (double) (sends - runs.size()) / runs.size(), dropped, seen,
                    seen == 0 ? 0.0 : 100.0 * dropped / seen);

            assertThat(runs).hasSize(LANES * RUNS_PER_LANE);
            assertThat(answered).as("requests answered").isPositive();
            assertThat(sends).as("retransmissions happened").isGreaterThan(runs.size());
            assertThat(dropped).as("datagrams the router dropped").isPositive();
            assertThat(seen).as("datagrams through the router: every send, and every reply").isGreaterThanOrEqualTo(sends);
        }
    }

    @Test
    void theRequestIdClientCarriesEveryRequestAcrossTheSameLoss() throws Exception {
        int requests = 200;
        try (NetworkLab lab = NetworkLab.builder().lan("a").behindRouter("far", NetworkLab.LAN_MTU).build();
             RunningProcess server = RunningProcess.start(lab.udpkit("far", "remote", "server", lab.ipv4("far"),
                     "-p", PORT, "--drop", "0", "--protocol", "ids", "-q"))) {
            server.awaitLine("Listening at", RUN);
            lab.dropUdp(LOSS_PERCENT);

            // Twenty in flight on one socket, each tried for up to 30 s on the adaptive timeout (RFC 6298). The
            // router's loss is not seeded: a try gets through at 0.7 x 0.7 = 49%, and with the backoff capped at 1 s
            // a request has about 11 tries in 10 s, all lost at 0.51^11 = 6e-4, so one of 200 would time out in
            // about one run of nine. In 30 s, about 30 tries: 0.51^30 = 2e-9 a request.
            try (RunningProcess client = RunningProcess.start(lab.udpkit("a", "request", lab.ipv4("far"), "-p", PORT,
                    "--count", String.valueOf(requests), "--concurrency", "20", "--deadline", "30", "--json",
                    "across the lossy router"))) {
                int exit = client.awaitExit(RUN);
                JsonNode report = new ObjectMapper().readTree(client.output().lines()
                        .filter(line -> line.startsWith("{")).findFirst().orElseThrow(() -> new AssertionError(client.output())));
                long answered = report.get("answered").asLong();
                long retransmissions = report.get("retransmissions").asLong();
                long seen = lab.udpSeenByRouter();
                long dropped = lab.droppedByRouter();
                System.out.printf("Loss %d%% each way, request-ID client: %d of %d requests answered (%.1f%%);"
                                + " %d retransmissions (%.2f a request); %d duplicates, %d stale, %d forged;"
                                + " the router dropped %d of %d UDP datagrams (%.0f%%)%n",
                        LOSS_PERCENT, answered, requests, 100.0 * answered / requests, retransmissions,
                        (double) retransmissions / requests, report.get("duplicates").asLong(),
                        report.get("stale").asLong(), report.get("forged").asLong(), dropped, seen,
                        seen == 0 ? 0.0 : 100.0 * dropped / seen);

                // Thirty seconds of retries at 49% a try: every request gets through (the book's five tries do not).
                assertThat(answered).as(client.output()).isEqualTo(requests);
                assertThat(exit).isZero();
                assertThat(report.get("forged").asLong()).isZero();
                assertThat(retransmissions).as("retransmissions happened").isPositive();
                assertThat(dropped).as("datagrams the router dropped").isPositive();
            }
        }
    }

    /** One {@code udpkit remote client} run from host a: how many times it sent, and whether it got an answer. */
    private static ClientRun client(NetworkLab lab) throws Exception {
        try (RunningProcess client = RunningProcess.start(lab.udpkit("a", "remote", "client", lab.ipv4("far"), "-p", PORT))) {
            int exit = client.awaitExit(RUN);
            String output = client.output();
            int sends = output.split("Waiting up to", -1).length - 1;
            boolean answered = output.contains("The server says 'Your data was");
            assertThat(answered || output.contains("I think the server is down")).as(output).isTrue();
            assertThat(exit).as(output).isEqualTo(answered ? 0 : 1);
            return new ClientRun(sends, answered);
        }
    }
}
