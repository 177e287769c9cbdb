package org.udpkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Hosts made of Linux network namespaces, joined by veth links, for tests of what crosses a network:
 * {@code a} (198.18.1.2) reaches {@code b} (198.18.2.2) through the router {@code r}, whose link to
 * {@code b} has a smaller MTU. Addresses are from 198.18.0.0/15, the benchmarking range. Needs root and
 * iproute2; {@link #close()} removes every namespace it made, which also removes their links.
 */
final class NetworkLab implements AutoCloseable {
    static final String A_ADDRESS = "198.18.1.2";
    static final String B_ADDRESS = "198.18.2.2";

    private final String prefix = "udpk" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final List<String> namespaces = new ArrayList<>();

    /** True when this process may make namespaces (root, with the ip command). */
    static boolean available() {
        try {
            return run(List.of("id", "-u")).strip().equals("0") && !run(List.of("ip", "-V")).isBlank();
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** a --(mtu 1500)-- r --(mtu narrowMtu)-- b */
    static NetworkLab routedPath(int narrowMtu) throws IOException, InterruptedException {
        NetworkLab lab = new NetworkLab();
        try {
            String a = lab.namespace("a");
            String r = lab.namespace("r");
            String b = lab.namespace("b");
            lab.link(a, "198.18.1.2/24", r, "198.18.1.1/24", 1500);
            lab.link(r, "198.18.2.1/24", b, B_ADDRESS + "/24", narrowMtu);
            ip(a, "route", "add", "default", "via", "198.18.1.1");
            ip(b, "route", "add", "default", "via", "198.18.2.1");
            exec(r, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            return lab;
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    String name(String host) {
        return prefix + "-" + host;
    }

    /** {@code ip netns exec HOST command...}, as a list for a process builder. */
    List<String> in(String host, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name(host)));
        full.addAll(command);
        return full;
    }

    private String namespace(String host) throws IOException, InterruptedException {
        String name = name(host);
        run(List.of("ip", "netns", "add", name));
        namespaces.add(name);
        ip(name, "link", "set", "lo", "up");
        return name;
    }

    private void link(String left, String leftAddress, String right, String rightAddress, int mtu)
            throws IOException, InterruptedException {
        String leftEnd = "v" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000, 0xfffffff));
        String rightEnd = leftEnd + "p";
        run(List.of("ip", "link", "add", leftEnd, "netns", left, "mtu", String.valueOf(mtu),
                "type", "veth", "peer", "name", rightEnd, "netns", right, "mtu", String.valueOf(mtu)));
        ip(left, "addr", "add", leftAddress, "dev", leftEnd);
        ip(right, "addr", "add", rightAddress, "dev", rightEnd);
        ip(left, "link", "set", leftEnd, "up");
        ip(right, "link", "set", rightEnd, "up");
    }

    private static void ip(String namespace, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "-n", namespace));
        command.addAll(List.of(args));
        run(command);
    }

    private static void exec(String namespace, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        command.addAll(List.of(args));
        run(command);
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
    public void close() {
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
