package org.udpkit.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.udpkit.Requirements;

/**
 * An attacker on loopback, IPv4 or IPv6: from a socket of its own, or, through a raw socket (python3's
 * {@code spoof_udp.py}, as root), from any address and port it likes, the victim's server's included. It
 * sends in rounds of {@link #ROUND} and waits until the victim's socket has read them ({@code /proc/net/udp}
 * or {@code udp6} shows its queue empty), so that none is lost to a full receive buffer and every one of
 * them is put to the victim.
 */
public final class Forger {
    public static final int ROUND = 100;

    private Forger() {
    }

    /** Sends each datagram from a socket of its own, on the victim's loopback address, to {@code victim}. */
    public static void fromAnotherSocket(List<byte[]> datagrams, InetSocketAddress victim)
            throws IOException, InterruptedException {
        try (DatagramChannel attacker = DatagramChannel.open().bind(new InetSocketAddress(victim.getAddress(), 0))) {
            int sent = 0;
            for (byte[] datagram : datagrams) {
                attacker.send(ByteBuffer.wrap(datagram), victim);
                if (++sent % ROUND == 0) {
                    awaitRead(victim);
                }
            }
            awaitRead(victim);
        }
    }

    /** Sends each datagram through a raw socket, with {@code source} as its source: a spoofed sender. */
    public static void spoofed(List<byte[]> datagrams, InetSocketAddress source, InetSocketAddress victim)
            throws IOException, InterruptedException {
        Requirements.require("root".equals(System.getProperty("user.name")), "root, to forge a datagram with a raw socket");
        Process python;
        try {
            python = new ProcessBuilder("python3", script().toString(), source.getAddress().getHostAddress(),
                    Integer.toString(source.getPort()), victim.getAddress().getHostAddress(),
                    Integer.toString(victim.getPort()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            Requirements.require(false, "python3, to send through a raw socket");
            throw e;
        }
        try {
            try (BufferedWriter in = new BufferedWriter(new OutputStreamWriter(python.getOutputStream(),
                    StandardCharsets.US_ASCII))) {
                for (byte[] datagram : datagrams) {
                    in.write(HexFormat.of().formatHex(datagram));
                    in.newLine();
                }
            } catch (IOException brokenPipe) {
                // It stopped reading: it could not open its raw socket (exit 3), or it failed; its exit says which.
            }
            if (!python.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("the raw sender did not finish in 60 s");
            }
            Requirements.require(python.exitValue() != 3, "CAP_NET_RAW, to open a raw socket");
            // One line, the count, printed as it ends: read once it has.
            String said = new String(python.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (python.exitValue() != 0 || !said.equals(Integer.toString(datagrams.size()))) {
                throw new IOException("the raw sender failed (exit " + python.exitValue() + "): " + said);
            }
        } finally {
            python.destroyForcibly();
        }
        awaitRead(victim);
    }

    private static Path script() throws IOException {
        try {
            return Path.of(Forger.class.getResource("/python/spoof_udp.py").toURI());
        } catch (URISyntaxException e) {
            throw new IOException("the test resource python/spoof_udp.py", e);
        }
    }

    /** Waits (10 s at most) until the UDP socket bound to {@code victim}'s port has nothing queued. */
    public static void awaitRead(InetSocketAddress victim) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queued(victim) > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
    }

    private static long queued(InetSocketAddress victim) throws IOException {
        Path table = Path.of(victim.getAddress() instanceof Inet6Address ? "/proc/net/udp6" : "/proc/net/udp");
        List<String> lines = Files.readAllLines(table);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.strip().split("\\s+");
            if (Integer.parseInt(fields[1].split(":")[1], 16) == victim.getPort()) {
                return Long.parseLong(fields[4].split(":")[1], 16);
            }
        }
        return 0;
    }
}
