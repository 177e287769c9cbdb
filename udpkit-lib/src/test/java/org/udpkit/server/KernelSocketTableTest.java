package org.udpkit.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel's socket tables, read from files in its format that the test writes: which lines count as bound
 * to a server's address and port (the same address, IPv4-mapped or not, or a wildcard that covers it), which
 * are left out by inode, and a table longer than the first buffer. {@link PortOwnershipTest} reads the real
 * ones.
 */
class KernelSocketTableTest {
    private static final String HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode ref pointer drops\n";
    private static final int PORT = 1060;

    @TempDir
    Path dir;

    /**
     * An address as the kernel writes it: its 32-bit words in hex, each in the machine's byte order. An
     * IPv4-mapped literal stays 16 bytes, as in {@code /proc/net/udp6} (Java would make it an IPv4 address).
     */
    private static String kernelHex(String literal) {
        String mappedPrefix = "::ffff:";
        byte[] raw;
        if (literal.startsWith(mappedPrefix)) {
            raw = new byte[16];
            raw[10] = (byte) 0xff;
            raw[11] = (byte) 0xff;
            System.arraycopy(InetAddress.ofLiteral(literal.substring(mappedPrefix.length())).getAddress(), 0, raw, 12, 4);
        } else {
            raw = InetAddress.ofLiteral(literal).getAddress();
        }
        ByteBuffer words = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < raw.length; i += 4) {
            hex.append(String.format(Locale.ROOT, "%08X", words.getInt(i)));
        }
        return hex.toString();
    }

    private static String line(int sl, String addressHex, int port, int uid, long inode) {
        return String.format(Locale.ROOT, "%5d: %s:%04X %s:0000 07 00000000:00000000 00:00000000 00000000 %5d"
                        + "        0 %d 2 0000000000000000 0%n", sl, addressHex, port,
                "0".repeat(addressHex.length()), uid, inode);
    }

    private List<ForeignSocket> boundTo(String ipv4Table, String ipv6Table, String bind, long... leaveOut)
            throws IOException {
        Path udp = Files.writeString(dir.resolve("udp"), HEADER + ipv4Table);
        Path udp6 = Files.writeString(dir.resolve("udp6"), HEADER + ipv6Table);
        try (KernelSocketTable table = KernelSocketTable.open(udp, udp6).orElseThrow()) {
            InetSocketAddress server = new InetSocketAddress(InetAddress.ofLiteral(bind), PORT);
            List<ForeignSocket> first = table.boundTo(server, leaveOut);
            // Read again from the start: the same answer.
            assertThat(table.boundTo(server, leaveOut)).isEqualTo(first);
            return first;
        }
    }

    @Test
    void findsTheSameAddressAndTheWildcardsThatCoverIt() throws IOException {
        String ipv4 = line(0, kernelHex("127.0.0.1"), PORT, 1000, 101)
                + line(1, kernelHex("0.0.0.0"), PORT, 1000, 102)
                + line(2, kernelHex("127.0.0.2"), PORT, 1000, 103)
                + line(3, kernelHex("127.0.0.1"), PORT + 1, 1000, 104);
        String ipv6 = line(0, kernelHex("::ffff:127.0.0.1"), PORT, 0, 201)
                + line(1, kernelHex("::"), PORT, 0, 202)
                + line(2, kernelHex("::1"), PORT, 0, 203);
        assertThat(boundTo(ipv4, ipv6, "127.0.0.1")).extracting(ForeignSocket::inode)
                .as("itself, 0.0.0.0, mapped 127.0.0.1, and :: (dual stack)").containsExactly(101L, 102L, 201L, 202L);
        assertThat(boundTo(ipv4, ipv6, "::1")).extracting(ForeignSocket::inode)
                .as(":: and ::1, not IPv4's wildcard").containsExactly(202L, 203L);
        assertThat(boundTo(ipv4, ipv6, "0.0.0.0")).extracting(ForeignSocket::inode)
                .as("every IPv4 socket on the port, and ::").containsExactly(101L, 102L, 103L, 201L, 202L);
        assertThat(boundTo(ipv4, ipv6, "127.0.0.1", 101, 201)).extracting(ForeignSocket::inode)
                .as("our own left out").containsExactly(102L, 202L);
    }

    @Test
    void saysWhereAndWhoseASocketIs() throws IOException {
        List<ForeignSocket> found = boundTo(line(7, kernelHex("127.0.0.1"), PORT, 1234, 987654321L),
                line(0, kernelHex("::ffff:127.0.0.1"), PORT, 0, 5), "127.0.0.1", 5);
        assertThat(found).containsExactly(new ForeignSocket(
                new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), PORT), 1234, 987654321L));
        assertThat(boundTo("", "", "127.0.0.1")).isEmpty();
    }

    @Test
    void readsATableLongerThanItsFirstBuffer() throws IOException {
        StringBuilder ipv4 = new StringBuilder();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            boolean onPort = i % 100 == 99;
            ipv4.append(line(i, kernelHex("127.0.0.1"), onPort ? PORT : 20_000 + i, 1000, 10_000 + i));
            if (onPort) {
                expected.add(10_000L + i);
            }
        }
        assertThat(ipv4.length()).as("the table's size").isGreaterThan(64 * 1024);
        assertThat(boundTo(ipv4.toString(), "", "127.0.0.1")).extracting(ForeignSocket::inode)
                .containsExactlyElementsOf(expected);
    }
}
