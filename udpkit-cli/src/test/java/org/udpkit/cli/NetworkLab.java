package org.udpkit.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network made of Linux network namespaces for tests of what crosses one (docs/lab.md; lab/lab.sh builds
 * the same by hand). Hosts on a LAN segment share a bridge; the router {@code r} holds the bridge, takes
 * the LAN's first address, and routes to hosts behind links of their own, which may carry less than the
 * LAN's 1500 bytes:
 *
 * <pre>{@code
 * try (NetworkLab lab = NetworkLab.builder().lan("a", "b").behindRouter("far", 1280).build()) {
 *     lab.exec("a", "tracepath", "-n", lab.ipv4("far"));
 *     lab.dropPacketTooBig();   // a black hole
 * }
 * }</pre>
 *
 * <p>The LAN is 198.18.1.0/24 and 2001:db8:1::/64 (the router .1 / ::1, LAN hosts from .2 / ::2 in the
 * order given, broadcast {@link #LAN_BROADCAST}); the n-th host behind the router has 198.18.(n+1).0/24 and
 * 2001:db8:(n+1)::/64, the router .1 / ::1 and the host .2 / ::2. Addresses are from the benchmarking range
 * 198.18.0.0/15 and the documentation prefix 2001:db8::/32, so nothing here can reach a real network.
 *
 * <p>Namespaces are named with a random prefix, so that labs of tests running at the same time on one
 * machine do not meet; {@link #close()} removes every one (and with them their links and processes' sockets),
 * and a lab that fails half-built removes what it built. Needs root, iproute2 and nftables.
 */
final class NetworkLab implements AutoCloseable {
    static final String ROUTER = "r";
    static final String LAN_BROADCAST = "198.18.1.255";
    static final int LAN_MTU = 1500;
    private static final String RULES = "udpkit_lab";
    private static final String MULTICAST = "udpkit_lab_multicast";

    private final String prefix = "udpk" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final List<String> namespaces = new ArrayList<>();
    private final Map<String, Integer> subnets = new LinkedHashMap<>();
    private final Map<String, Integer> hostNumbers = new LinkedHashMap<>();
    private final List<String> hostsBehindRouter = new ArrayList<>();
    /** Removes the lab if the JVM is stopped (a fork timeout, Ctrl-C) before the test could close it. */
    private final Thread removeAtExit = new Thread(this::close, "remove network lab");

    private NetworkLab() {
        Runtime.getRuntime().addShutdownHook(removeAtExit);
    }

    /**
     * True when this process may make namespaces (root, with the ip and nft commands) and has the peers the lab
     * tests run in them (tracepath, python3, socat).
     */
    static boolean available() {
        try {
            if (!run(List.of("id", "-u")).strip().equals("0")) {
                return false;
            }
            for (List<String> tool : List.of(List.of("ip", "-V"), List.of("nft", "--version"), List.of("tracepath", "-V"),
                    List.of("python3", "--version"), List.of("socat", "-V"))) {
                run(tool);
            }
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** For a test class's {@code @BeforeAll}: fails under CI=true without what the lab needs, skips elsewhere. */
    static void require() {
        Requirements.require(available(),
                "the network lab needs root, iproute2, nftables, tracepath, python3 and socat (CI has them)");
    }

    static Builder builder() {
        return new Builder();
    }

    /** What a lab will hold: LAN hosts and hosts behind the router, each with the MTU of its link. */
    static final class Builder {
        private final List<String> lan = new ArrayList<>();
        private final Map<String, Integer> behindRouter = new LinkedHashMap<>();

        private Builder() {
        }

        /** Hosts on the LAN segment (the bridge in the router), MTU 1500. */
        Builder lan(String... hosts) {
            lan.addAll(List.of(hosts));
            return this;
        }

        /** A host on a link of its own behind the router, whose MTU is {@code mtu} (1280 or 1400, say). */
        Builder behindRouter(String host, int mtu) {
            behindRouter.put(host, mtu);
            return this;
        }

        NetworkLab build() throws IOException, InterruptedException {
            NetworkLab lab = new NetworkLab();
            try {
                lab.buildRouter();
                int number = 2;
                for (String host : lan) {
                    lab.buildLanHost(host, number++);
                }
                int subnet = 2;
                for (Map.Entry<String, Integer> host : behindRouter.entrySet()) {
                    lab.buildHostBehindRouter(host.getKey(), subnet++, host.getValue());
                }
                return lab;
            } catch (IOException | InterruptedException | RuntimeException e) {
                lab.close();
                throw e;
            }
        }
    }

    /** The namespace of {@code host}. */
    String name(String host) {
        return prefix + "-" + host;
    }

    /** {@code host}'s IPv4 address, e.g. 198.18.1.2. */
    String ipv4(String host) {
        return "198.18." + subnet(host) + "." + hostNumber(host);
    }

    /** {@code host}'s IPv6 address, e.g. 2001:db8:1::2. */
    String ipv6(String host) {
        return "2001:db8:" + subnet(host) + "::" + hostNumber(host);
    }

    /** {@code ip netns exec HOST command...}, as a list for a process builder. */
    List<String> in(String host, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name(host)));
        full.addAll(command);
        return full;
    }

    /** {@code udpkit ARGS} on {@code host}, in a JVM like the tests' (a command line for {@link RunningProcess#start}). */
    List<String> udpkit(String host, String... args) {
        List<String> command = new ArrayList<>(List.of(RunningProcess.javaCommand(), RunningProcess.NATIVE_ACCESS,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(RunningProcess.mainOnModulePath());
        command.addAll(List.of(args));
        return in(host, command);
    }

    /** The book's Python programs ({@code book_udp.py ROLE HOST PORT}) on {@code host}. */
    List<String> python(String host, String role, String address, int port) {
        String script = java.nio.file.Path.of("src/test/resources/python/book_udp.py").toAbsolutePath().toString();
        return in(host, List.of("python3", "-u", script, role, address, String.valueOf(port)));
    }

    /** Runs a short command on {@code host} to completion; its output. */
    String exec(String host, String... command) throws IOException, InterruptedException {
        return run(in(host, List.of(command)));
    }

    /** The router drops {@code percent} of the UDP datagrams it forwards, each way (nftables; this kernel has no netem). */
    void dropUdp(int percent) throws IOException, InterruptedException {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("a loss of 1-100 percent, not " + percent);
        }
        nft("add rule inet " + RULES + " forward meta l4proto udp numgen random mod 100 < " + percent + " counter drop");
    }

    /**
     * The router drops ICMP "fragmentation needed" and ICMPv6 "packet too big", its own and those it forwards:
     * a path-MTU black hole, as a careless firewall makes one.
     */
    void dropPacketTooBig() throws IOException, InterruptedException {
        for (String chain : List.of("forward", "output")) {
            nft("add rule inet " + RULES + " " + chain + " icmp type destination-unreachable icmp code frag-needed counter drop");
            nft("add rule inet " + RULES + " " + chain + " icmpv6 type packet-too-big counter drop");
        }
    }

    /** The router forwards everything again. */
    void clearRouterRules() throws IOException, InterruptedException {
        nft("flush table inet " + RULES);
    }

    /** How many packets the router's rules dropped so far (their counters, summed). */
    long droppedByRouter() throws IOException, InterruptedException {
        Matcher counters = Pattern.compile("counter packets (\\d+) bytes \\d+ drop").matcher(exec(ROUTER, "nft", "list", "table", "inet", RULES));
        long dropped = 0;
        while (counters.find()) {
            dropped += Long.parseLong(counters.group(1));
        }
        return dropped;
    }

    /** How many UDP datagrams the router has forwarded or dropped (its forward chain's first counter). */
    long udpSeenByRouter() throws IOException, InterruptedException {
        Matcher counter = Pattern.compile("meta l4proto udp counter packets (\\d+)")
                .matcher(exec(ROUTER, "nft", "list", "table", "inet", RULES));
        return counter.find() ? Long.parseLong(counter.group(1)) : 0;
    }

    /**
     * Makes the router a multicast router with a TTL threshold of 1, as {@code mrouted} or {@code smcroute}
     * would with {@code ttl-threshold 1}: a UDP multicast datagram heard on the LAN whose TTL (IPv6: hop limit)
     * is 2 or more is forwarded to every host behind the router, its TTL one less; one whose TTL is 1 stays on
     * the LAN. Groups: IPv4 239.0.0.0/8 (administratively scoped), IPv6 the permanent groups of admin-, site-,
     * organization- and global scope (ff04::/16, ff05::/16, ff08::/16, ff0e::/16); never link-local ff02::,
     * which no router forwards.
     *
     * <p>Done in nftables (a netdev ingress chain on the LAN bridge that duplicates the datagram to the links
     * behind the router) because this kernel has no multicast routing (CONFIG_IP_MROUTE and
     * CONFIG_IPV6_MROUTE unset: MRT_INIT fails with ENOPROTOOPT, so smcroute and mrouted cannot run). nftables
     * cannot decrement the IPv4 TTL in one expression (the header checksum), hence one rule per TTL.
     */
    void forwardMulticast() throws IOException, InterruptedException {
        // Without IGMP snooping the bridge passes every group's datagrams up to the router, as a router's port would.
        ip(ROUTER, "link", "set", "lan", "type", "bridge", "mcast_snooping", "0");
        StringBuilder duplicate = new StringBuilder();
        if (hostsBehindRouter.isEmpty()) {
            throw new IllegalStateException("no host behind the router to forward multicast to");
        }
        for (String host : hostsBehindRouter) {
            duplicate.append(" dup to \"to-").append(host).append('"');
        }
        String v4 = "ip daddr 239.0.0.0/8";
        String v6 = "ip6 daddr { ff04::/16, ff05::/16, ff08::/16, ff0e::/16 }";
        StringBuilder script = new StringBuilder("add table netdev " + MULTICAST + "; ");
        for (String counter : List.of("kept_ipv4", "kept_ipv6", "forwarded_ipv4", "forwarded_ipv6")) {
            script.append("add counter netdev ").append(MULTICAST).append(' ').append(counter).append("; ");
        }
        script.append("add chain netdev " + MULTICAST + " lan { type filter hook ingress device \"lan\" priority 0; }; ");
        script.append("add chain netdev " + MULTICAST + " forward; ");
        String chain = "add rule netdev " + MULTICAST + " lan ";
        script.append(chain).append(v4).append(" meta l4proto udp ip ttl 1 counter name kept_ipv4; ");
        script.append(chain).append(v6).append(" meta l4proto udp ip6 hoplimit 1 counter name kept_ipv6; ");
        script.append(chain).append(v4).append(" meta l4proto udp ip ttl > 1 counter name forwarded_ipv4 goto forward; ");
        script.append(chain).append(v6).append(" meta l4proto udp ip6 hoplimit > 1 counter name forwarded_ipv6 goto forward; ");
        for (int ttl = 2; ttl <= 255; ttl++) {
            script.append("add rule netdev " + MULTICAST + " forward meta protocol ip ip ttl ").append(ttl)
                    .append(" ip ttl set ").append(ttl - 1).append(duplicate).append("; ");
            script.append("add rule netdev " + MULTICAST + " forward meta protocol ip6 ip6 hoplimit ").append(ttl)
                    .append(" ip6 hoplimit set ").append(ttl - 1).append(duplicate).append("; ");
        }
        run(in(ROUTER, List.of("nft", script.toString())));
    }

    /** How many multicast datagrams of {@code family} the router heard on the LAN and kept there, their TTL 1 ({@link #forwardMulticast}). */
    long multicastKeptOnLan(StandardProtocolFamily family) throws IOException, InterruptedException {
        return multicastCounter("kept_" + familyName(family));
    }

    /** How many multicast datagrams of {@code family} the router forwarded from the LAN ({@link #forwardMulticast}). */
    long multicastForwarded(StandardProtocolFamily family) throws IOException, InterruptedException {
        return multicastCounter("forwarded_" + familyName(family));
    }

    private static String familyName(StandardProtocolFamily family) {
        return switch (family) {
            case INET -> "ipv4";
            case INET6 -> "ipv6";
            case UNIX -> throw new IllegalArgumentException("no multicast over Unix domain sockets");
        };
    }

    private long multicastCounter(String name) throws IOException, InterruptedException {
        Matcher packets = Pattern.compile("packets (\\d+)").matcher(exec(ROUTER, "nft", "list", "counter", "netdev", MULTICAST, name));
        if (!packets.find()) {
            throw new IOException("no counter " + name + " on the router: was forwardMulticast() called?");
        }
        return Long.parseLong(packets.group(1));
    }

    /**
     * One more address for {@code host} on its link, number {@code number} of the link's subnets (198.18.1.20
     * and 2001:db8:1::20 for 20 on the LAN), known to {@link #ipv4} and {@link #ipv6} as {@code alias}. The
     * host never picks it as the source of what it sends: the IPv4 one is a secondary address (the subnet's
     * first stays primary), the IPv6 one is deprecated (preferred lifetime 0, which RFC 6724's rule 3 avoids as
     * a source), yet both are addresses the host receives at, as after a renumbering.
     */
    void addAlias(String host, String alias, int number) throws IOException, InterruptedException {
        place(alias, subnet(host), number);
        ip(host, "addr", "add", ipv4(alias) + "/24", "broadcast", "+", "dev", "eth0");
        ip(host, "addr", "add", ipv6(alias) + "/64", "dev", "eth0", "nodad", "preferred_lft", "0");
    }

    /** Forgets the path MTUs {@code host} learned from ICMP, so that a test starts as a fresh host would. */
    void forgetPathMtus(String host) throws IOException, InterruptedException {
        exec(host, "ip", "-4", "route", "flush", "cache");
        exec(host, "ip", "-6", "route", "flush", "cache");
    }

    private void buildRouter() throws IOException, InterruptedException {
        namespace(ROUTER);
        // Forwarding on, and no rate limit on the ICMP the router sends: tests ask for many errors quickly.
        exec(ROUTER, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1",
                "net.ipv4.icmp_ratelimit=0", "net.ipv6.icmp.ratelimit=0");
        ip(ROUTER, "link", "add", "lan", "type", "bridge");
        ip(ROUTER, "link", "set", "lan", "up");
        place(ROUTER, 1, 1);
        addresses(ROUTER, "lan");
        // An empty table whose chains count every UDP datagram forwarded; dropUdp and dropPacketTooBig add rules.
        nft("add table inet " + RULES);
        nft("add chain inet " + RULES + " forward { type filter hook forward priority 0; }");
        nft("add chain inet " + RULES + " output { type filter hook output priority 0; }");
        nft("add chain inet " + RULES + " count { type filter hook forward priority -10; }");
        nft("add rule inet " + RULES + " count meta l4proto udp counter");
    }

    private void buildLanHost(String host, int number) throws IOException, InterruptedException {
        namespace(host);
        String port = "lan-" + host;
        veth(host, "eth0", ROUTER, port, LAN_MTU);
        ip(ROUTER, "link", "set", port, "master", "lan");
        place(host, 1, number);
        addresses(host, "eth0");
        defaultRoutes(host, 1);
    }

    private void buildHostBehindRouter(String host, int subnet, int mtu) throws IOException, InterruptedException {
        namespace(host);
        hostsBehindRouter.add(host);
        String port = "to-" + host;
        veth(host, "eth0", ROUTER, port, mtu);
        place(host, subnet, 2);
        addresses(host, "eth0");
        // The router's own address on this link: one more place for it, under a name of its own.
        String routerSide = ROUTER + "@" + host;
        place(routerSide, subnet, 1);
        ip(ROUTER, "addr", "add", ipv4(routerSide) + "/24", "dev", port);
        ip(ROUTER, "addr", "add", ipv6(routerSide) + "/64", "dev", port, "nodad");
        defaultRoutes(host, subnet);
    }

    private void place(String host, int subnet, int number) {
        subnets.put(host, subnet);
        hostNumbers.put(host, number);
    }

    private int subnet(String host) {
        Integer subnet = subnets.get(host);
        if (subnet == null) {
            throw new IllegalArgumentException("no host " + host + " in this lab: " + subnets.keySet());
        }
        return subnet;
    }

    private int hostNumber(String host) {
        subnet(host);
        return hostNumbers.get(host);
    }

    private void addresses(String host, String device) throws IOException, InterruptedException {
        ip(host, "addr", "add", ipv4(host) + "/24", "broadcast", "+", "dev", device);
        // nodad: the address is usable at once, instead of after a second of duplicate detection.
        ip(host, "addr", "add", ipv6(host) + "/64", "dev", device, "nodad");
    }

    private void defaultRoutes(String host, int subnet) throws IOException, InterruptedException {
        ip(host, "route", "add", "default", "via", "198.18." + subnet + ".1");
        ip(host, "-6", "route", "add", "default", "via", "2001:db8:" + subnet + "::1");
    }

    private void namespace(String host) throws IOException, InterruptedException {
        String name = name(host);
        run(List.of("ip", "netns", "add", name));
        namespaces.add(name);
        ip(host, "link", "set", "lo", "up");
    }

    /** A veth pair made straight inside the two namespaces, so its names need only be unique there. */
    private void veth(String left, String leftEnd, String right, String rightEnd, int mtu)
            throws IOException, InterruptedException {
        run(List.of("ip", "link", "add", leftEnd, "netns", name(left), "mtu", String.valueOf(mtu),
                "type", "veth", "peer", "name", rightEnd, "netns", name(right), "mtu", String.valueOf(mtu)));
        ip(left, "link", "set", leftEnd, "up");
        ip(right, "link", "set", rightEnd, "up");
    }

    private void ip(String host, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "-n", name(host)));
        command.addAll(List.of(args));
        run(command);
    }

    private void nft(String rule) throws IOException, InterruptedException {
        run(in(ROUTER, List.of("nft", rule)));
    }

    /** Runs a short command to completion; its output, or an exception carrying it when it fails. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output.strip());
        }
        return output;
    }

    @Override
    public synchronized void close() {
        if (Thread.currentThread() != removeAtExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(removeAtExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: close() below is idempotent either way
            }
        }
        for (String name : namespaces.reversed()) {
            try {
                run(List.of("ip", "netns", "del", name));
            } catch (IOException | InterruptedException e) {
                System.err.println("could not remove network namespace " + name + ": " + e.getMessage());
            }
        }
        namespaces.clear();
    }
}
