package org.udpkit.mtu;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a path-MTU search ({@link PathMtuSearch}) learned. */
public sealed interface PathMtuResult {
    /**
     * The path carries {@code pathMtu}-byte packets, proven by an answer, and no more, proven by silence,
     * ICMP, or the first hop's own MTU.
     *
     * @param firstHopMtu   the MTU of the interface the probes leave by: the largest probe tried
     * @param unanswered    the sizes of the probes that got no answer (all above pathMtu), when any
     * @param refused       the sizes of the probes a router refused with ICMP "packet too big", when any
     * @param icmp          the ICMP messages that came back, oldest first
     * @param kernelPathMtu the path MTU the kernel believed at the end (IP_MTU / IPV6_MTU), learned from ICMP alone
     * @param probesSent    datagrams sent, retries included
     */
    record Found(InetSocketAddress responder, StandardProtocolFamily family, int pathMtu, int firstHopMtu,
                 Optional<ProbeRange> unanswered, Optional<ProbeRange> refused, List<IcmpReport> icmp, int kernelPathMtu, int probesSent,
                 Duration elapsed) implements PathMtuResult {
        public Found {
            icmp = List.copyOf(icmp);
        }

        /** The largest UDP payload that crosses the path unfragmented. */
        public int udpPayload() {
            return BigDatagramResult.largestUnfragmentedPayload(pathMtu, family);
        }

        /** e.g. "Path MTU 1280 (UDP payload 1252): probes of 1281-1500 bytes unanswered, 1280 answered; no ICMP received". */
        public String summary() {
            List<String> larger = new ArrayList<>();
            unanswered.ifPresent(range -> larger.add("probes of " + range + " bytes unanswered"));
            refused.ifPresent(range -> larger.add("probes of " + range + " bytes refused"));
            String how = larger.isEmpty() ? pathMtu + " answered, the first hop's MTU"
                    : String.join(", ", larger) + ", " + pathMtu + " answered";
            String fromIcmp = icmp.isEmpty() ? "no ICMP received"
                    : "ICMP " + icmp.stream().map(IcmpReport::describe).distinct().collect(Collectors.joining(", "));
            return "Path MTU " + pathMtu + " (UDP payload " + udpPayload() + "): " + how + "; " + fromIcmp;
        }
    }

    /** The responder answered no probe, not even the smallest; {@code why} says what is known. */
    record NoAnswer(InetSocketAddress responder, String why, List<IcmpReport> icmp, int probesSent)
            implements PathMtuResult {
        public NoAnswer {
            icmp = List.copyOf(icmp);
        }
    }

    /** The search cannot run here (it needs Linux's IP_RECVERR and IP_MTU), and why. */
    record Unsupported(String reason) implements PathMtuResult {
    }
}
