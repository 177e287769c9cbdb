package org.udpkit.cli;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.udpkit.options.OptionSource;
import org.udpkit.options.SocketOptionInspector;

import static org.assertj.core.api.Assertions.assertThat;

class SockoptsCommandTest {
    @Test
    void listsAFreshSocketsOptionsByLevel() {
        Cli run = Cli.run("sockopts");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("Options of a fresh IPv4 UDP socket")
                .containsPattern("(?m)^SOL_SOCKET$")
                .containsPattern("(?m)^  SO_BROADCAST +  = 0 \\(off\\)$")
                .containsPattern("(?m)^  SO_RCVBUF +  = [1-9][0-9]*$")
                .containsPattern("(?m)^  IP_TOS +  = 0 \\(0x00; DSCP 0, ECN 0\\)$")
                .doesNotContain("IPV6_");
    }

    @Test
    void onLinuxTheListingHasTheKernelOnlyOptions() {
        Requirements.require(SocketOptionInspector.source() == OptionSource.LINUX_GETSOCKOPT, "getsockopt is only called on Linux");
        String out = Cli.run("sockopts").out();

        assertThat(out).contains("read with getsockopt")
                .containsPattern("(?m)^  SO_TYPE +  = 2 \\(SOCK_DGRAM\\)$")
                .containsPattern("(?m)^  IP_TTL +  = [0-9]+$")
                .containsPattern("(?m)^  IP_MTU_DISCOVER +  = [0-5] \\(IP_PMTUDISC_[A-Z]+\\)$")
                .containsPattern("(?m)^  UDP_CORK +  = 0 \\(off\\)$")
                .containsPattern("(?m)^  UDP_GRO +  = (0 \\(off\\)|not supported)$");
    }

    @Test
    void settingTheReceiveBufferSaysWhatItBecameAndWhy() throws IOException {
        Requirements.require(SocketOptionInspector.source() == OptionSource.LINUX_GETSOCKOPT, "the doubling is Linux's");
        // 8192 bytes is below any rmem_max a Linux system ships with, and above its minimum: doubled, whatever the machine.
        Cli run = Cli.run("sockopts", "--set", "SO_RCVBUF=8192");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).containsPattern("(?m)^  SO_RCVBUF +  = 16384"
                + " \\(asked 8192; Linux doubles it for bookkeeping, capped by net.core.rmem_max = [0-9]+\\)$");
    }

    @Test
    void settingTosShowsItAsSet() {
        Cli run = Cli.run("sockopts", "--set", "IP_TOS=0x10", "--set", "SO_BROADCAST=on");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).containsPattern("(?m)^  IP_TOS +  = 16 \\(0x10; DSCP 4, ECN 0\\), as set$")
                .containsPattern("(?m)^  SO_BROADCAST +  = 1 \\(on\\), as set$");
    }

    @Test
    void theIpv6ListingHasTheIpv6Options() {
        Cli run = Cli.run("sockopts", "-6");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).startsWith("Options of a fresh IPv6 UDP socket").doesNotContain("IP_TOS ");
        if (SocketOptionInspector.source() == OptionSource.LINUX_GETSOCKOPT) {
            assertThat(run.out()).containsPattern("(?m)^IPPROTO_IPV6$")
                    .containsPattern("(?m)^  IPV6_V6ONLY +  = [01] \\((on|off)\\)$")
                    .containsPattern("(?m)^  IPV6_UNICAST_HOPS +  = [0-9]+$")
                    .containsPattern("(?m)^  IPV6_TCLASS +  = ");
        }
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Cli run = Cli.run("sockopts", "--set", "SO_NONESUCH=1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("unknown socket option 'SO_NONESUCH'").contains("--help");
    }

    @Test
    void aBadValueAReadOnlyOptionAndTheWrongFamilyAreUsageErrors() {
        assertThat(Cli.run("sockopts", "--set", "IP_TTL=far").exitCode()).isEqualTo(2);
        assertThat(Cli.run("sockopts", "--set", "SO_TYPE=1").err()).contains("SO_TYPE is read-only");
        Cli wrongFamily = Cli.run("sockopts", "--set", "IPV6_V6ONLY=1");
        assertThat(wrongFamily.exitCode()).isEqualTo(2);
        assertThat(wrongFamily.err()).contains("IPV6_V6ONLY is an IPv6 option").contains("add -6");
    }
}
