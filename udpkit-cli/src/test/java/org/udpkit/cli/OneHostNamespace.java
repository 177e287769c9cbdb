package org.udpkit.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One host in a network namespace of its own, for what loopback cannot show: an interface that takes
 * multicast ({@code v0}, a veth link whose other end {@code v1} is in the same namespace and joins no
 * group, so a datagram that leaves by {@code v0} is heard here only through IP_MULTICAST_LOOP), and two
 * IPv6 addresses of the host. Addresses are from 198.18.0.0/15 and 2001:db8::/32. Needs root and iproute2
 * ({@link NetworkLab#available()}); {@link #close()} deletes the namespace, and its links with it.
 */
final class OneHostNamespace implements AutoCloseable {
    static final String INTERFACE = "v0";
    static final String IPV4 = "198.18.0.1";
    static final String IPV6_FIRST = "2001:db8::1";
    static final String IPV6_SECOND = "2001:db8::2";

    private final String name = "udpk-host-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private boolean created;

    private OneHostNamespace() {
    }

    static OneHostNamespace create() throws IOException, InterruptedException {
        OneHostNamespace host = new OneHostNamespace();
        try {
            NetworkLab.run(List.of("ip", "netns", "add", host.name));
            host.created = true;
            host.ip("link", "set", "lo", "up");
            host.ip("link", "add", INTERFACE, "type", "veth", "peer", "name", "v1");
            host.ip("addr", "add", IPV4 + "/24", "dev", INTERFACE);
            // nodad: the addresses are usable at once, not after duplicate address detection.
            host.ip("addr", "add", IPV6_FIRST + "/64", "dev", INTERFACE, "nodad");
            host.ip("addr", "add", IPV6_SECOND + "/64", "dev", INTERFACE, "nodad");
            host.ip("link", "set", "v1", "up");
            host.ip("link", "set", INTERFACE, "up");
            return host;
        } catch (IOException | InterruptedException | RuntimeException e) {
            host.close();
            throw e;
        }
    }

    private void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(args));
        NetworkLab.run(command);
    }

    /** {@code command} run inside the namespace. */
    List<String> in(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    /** {@code udpkit ARGS} inside the namespace, in a JVM like the tests' (as RunningProcess starts it). */
    List<String> udpkit(String... args) {
        List<String> command = new ArrayList<>(List.of(RunningProcess.javaCommand(), RunningProcess.NATIVE_ACCESS,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(RunningProcess.mainOnModulePath());
        command.addAll(List.of(args));
        return in(command);
    }

    @Override
    public void close() {
        if (created) {
            created = false;
            try {
                NetworkLab.run(List.of("ip", "netns", "del", name));
            } catch (IOException | InterruptedException e) {
                System.err.println("could not remove network namespace " + name + ": " + e.getMessage());
            }
        }
    }
}
