package org.udpkit.cli;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import org.udpkit.mtu.IcmpReport;
import org.udpkit.mtu.PathMtuResult;
import org.udpkit.mtu.PathMtuSearch;
import org.udpkit.net.Endpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Path-MTU discovery without ICMP (RFC 8899): probes answered by any server of the book's protocol. */
@Command(name = "mtu",
        description = "Find the path MTU to HOST with probes that a server of the book's protocol answers (RFC 8899):"
                + " it works where ICMP is dropped, and uses ICMP when it comes (Linux).")
final class MtuCommand extends UdpkitCommand {
    @Parameters(index = "0", paramLabel = "HOST", description = "a host where 'udpkit local|remote server' or the book's server runs")
    String host;
    @Mixin
    PortOption port;
    @Mixin
    FamilyOption family;
    @Option(names = "--probes", paramLabel = "N",
            description = "tries per size before its silence counts (default ${DEFAULT-VALUE}, RFC 8899's MAX_PROBES; 1-10)")
    int probes = PathMtuSearch.Settings.defaults().maxProbes();
    @Option(names = "--wait", paramLabel = "SECONDS",
            description = "wait for the first answer (default ${DEFAULT-VALUE}; later waits follow the round trip; 0.01-60)")
    double waitSeconds = 1.0;
    @Mixin
    JsonOption output;

    @Override
    public Integer call() throws IOException {
        PathMtuSearch.Settings settings;
        try {
            if (!(waitSeconds >= 0.01 && waitSeconds <= 60)) {
                throw new IllegalArgumentException("--wait must be 0.01-60 seconds, not " + waitSeconds);
            }
            settings = new PathMtuSearch.Settings(probes, Duration.ofNanos(Math.round(waitSeconds * 1e9)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().replace("probes per size", "--probes"));
        }
        InetSocketAddress responder = Addresses.destination(address(), port.port);
        PathMtuResult result = PathMtuSearch.search(responder, settings);
        if (output.json) {
            Json.write(out(), json -> write(json, responder, result));
        } else {
            switch (result) {
                case PathMtuResult.Found found -> out().println(found.summary());
                case PathMtuResult.NoAnswer none -> err().println("No path MTU to " + Endpoints.format(responder)
                        + ": " + none.why() + " (" + none.probesSent() + " probes sent)");
                case PathMtuResult.Unsupported unsupported -> err().println("No path-MTU search here: " + unsupported.reason());
            }
        }
        return result instanceof PathMtuResult.Found ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** HOST as typed; with -6, "localhost" means ::1 and an IPv4 address is a mistake. */
    private InetAddress address() {
        InetAddress address = Addresses.host(host);
        if (family.ipv6 && address instanceof Inet4Address) {
            if (host.strip().equalsIgnoreCase("localhost")) {
                return Endpoints.loopback(family.family());
            }
            throw new UsageException("-6 asks for IPv6, but " + host + " is an IPv4 address");
        }
        return address;
    }

    private static void write(JsonGenerator json, InetSocketAddress responder, PathMtuResult result) throws IOException {
        json.writeStartObject();
        json.writeStringField("responder", Endpoints.format(responder));
        switch (result) {
            case PathMtuResult.Found found -> {
                json.writeStringField("result", "found");
                json.writeNumberField("path_mtu", found.pathMtu());
                json.writeNumberField("udp_payload", found.udpPayload());
                json.writeNumberField("first_hop_mtu", found.firstHopMtu());
                if (found.unanswered().isPresent()) {
                    json.writeNumberField("smallest_unanswered", found.unanswered().get().smallest());
                    json.writeNumberField("largest_unanswered", found.unanswered().get().largest());
                }
                if (found.refused().isPresent()) {
                    json.writeNumberField("smallest_refused", found.refused().get().smallest());
                    json.writeNumberField("largest_refused", found.refused().get().largest());
                }
                json.writeNumberField("kernel_path_mtu", found.kernelPathMtu());
                json.writeNumberField("probes_sent", found.probesSent());
                json.writeNumberField("elapsed_s", found.elapsed().toNanos() / 1e9);
                writeIcmp(json, found.icmp());
            }
            case PathMtuResult.NoAnswer none -> {
                json.writeStringField("result", "no_answer");
                json.writeStringField("reason", none.why());
                json.writeNumberField("probes_sent", none.probesSent());
                writeIcmp(json, none.icmp());
            }
            case PathMtuResult.Unsupported unsupported -> {
                json.writeStringField("result", "unsupported");
                json.writeStringField("reason", unsupported.reason());
            }
        }
        json.writeEndObject();
    }

    private static void writeIcmp(JsonGenerator json, List<IcmpReport> reports) throws IOException {
        json.writeArrayFieldStart("icmp");
        for (IcmpReport report : reports) {
            json.writeStartObject();
            if (report.fromText().isPresent()) {
                json.writeStringField("from", report.fromText().get());
            }
            switch (report) {
                case IcmpReport.PacketTooBig tooBig -> {
                    json.writeStringField("kind", "packet_too_big");
                    json.writeNumberField("mtu", tooBig.mtu());
                }
                case IcmpReport.Unreachable unreachable -> {
                    json.writeStringField("kind", "unreachable");
                    json.writeStringField("what", unreachable.what());
                }
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
