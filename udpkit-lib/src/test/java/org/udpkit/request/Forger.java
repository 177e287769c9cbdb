package org.udpkit.request;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.InetSocketAddress;
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
 * An attacker on loopback: from a socket of its own, or, through a raw socket (python3, as root), from any
 * address and port it likes, the server's included. It sends in rounds of {@link #ROUND} and waits until
 * the victim's socket has read them ({@code /proc/net/udp} shows its queue empty), so that none is lost to
 * a full receive buffer and every one of them is put to the victim.
 */
final class Forger {
    static final int ROUND = 100;

    /** Builds an IPv4 + UDP header by hand; the kernel fills in the IP checksum and ID (IP_HDRINCL). */
    private static final String RAW_SENDER = """
            import socket, struct, sys, time
            src, sport, dst, dport = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
            def queued(port):
                with open('/proc/net/udp') as table:
                    for line in table.readlines()[1:]:
                        fields = line.split()
                        if int(fields[1].split(':')[1], 16) == port:
                            return int(fields[4].split(':')[1], 16)
                return 0
            try:
                s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
            except PermissionError:
                sys.exit(3)
            sent = 0
            for line in sys.stdin:
                payload = bytes.fromhex(line.strip())
                udp = struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload
                ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 28 + len(payload), 0, 0, 64, socket.IPPROTO_UDP, 0,
                                 socket.inet_aton(src), socket.inet_aton(dst))
                s.sendto(ip + udp, (dst, 0))
                sent += 1
                if sent %% %d == 0:
                    deadline = time.time() + 10
                    while queued(dport) > 0 and time.time() < deadline:
                        time.sleep(0.001)
            print(sent)
            """.formatted(ROUND);

    private Forger() {
    }

    /** Sends each datagram from a socket of its own on 127.0.0.1, to {@code victim}'s port on 127.0.0.1. */
    static void fromAnotherSocket(List<byte[]> datagrams, InetSocketAddress victim) throws IOException, InterruptedException {
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", victim.getPort());
        try (DatagramChannel attacker = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int sent = 0;
            for (byte[] datagram : datagrams) {
                attacker.send(ByteBuffer.wrap(datagram), to);
                if (++sent % ROUND == 0) {
                    awaitRead(victim.getPort());
                }
            }
            awaitRead(victim.getPort());
        }
    }

    /** Sends each datagram through a raw socket, with {@code source} as its source: a spoofed sender. */
    static void spoofed(List<byte[]> datagrams, InetSocketAddress source, InetSocketAddress victim)
            throws IOException, InterruptedException {
        Process python;
        try {
            python = new ProcessBuilder("python3", "-c", RAW_SENDER, source.getAddress().getHostAddress(),
                    Integer.toString(source.getPort()), "127.0.0.1", Integer.toString(victim.getPort()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            Requirements.require(false, "python3, to send through a raw socket");
            throw e;
        }
        try {
            try (BufferedWriter in = new BufferedWriter(new OutputStreamWriter(python.getOutputStream(), StandardCharsets.US_ASCII))) {
                for (byte[] datagram : datagrams) {
                    in.write(HexFormat.of().formatHex(datagram));
                    in.newLine();
                }
            }
            String said = new String(python.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!python.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("the raw sender did not finish");
            }
            Requirements.require(python.exitValue() != 3, "root, to open a raw socket");
            if (python.exitValue() != 0 || !said.equals(Integer.toString(datagrams.size()))) {
                throw new IOException("the raw sender failed (exit " + python.exitValue() + "): " + said);
            }
        } finally {
            python.destroyForcibly();
        }
        awaitRead(victim.getPort());
    }

    /** Waits (10 s at most) until the UDP socket bound to {@code port} has nothing queued. */
    static void awaitRead(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queued(port) > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
    }

    private static long queued(int port) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/net/udp"));
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.strip().split("\\s+");
            if (Integer.parseInt(fields[1].split(":")[1], 16) == port) {
                return Long.parseLong(fields[4].split(":")[1], 16);
            }
        }
        return 0;
    }
}
