package org.udpkit.options;

import java.net.StandardProtocolFamily;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.udpkit.Requirements;
import org.udpkit.linux.Linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SocketOptionInspectorTest {
    private static Map<String, OptionReading> byName(List<OptionReading> readings) {
        return readings.stream().collect(Collectors.toMap(r -> r.option().name(), Function.identity()));
    }

    private static int value(Map<String, OptionReading> readings, String name) {
        return readings.get(name).value().number().orElseThrow();
    }

    @Test
    void aFreshSocketIsADatagramSocketWithBroadcastOffAndBuffers() throws IOException {
        Map<String, OptionReading> readings = byName(SocketOptionInspector.inspect(StandardProtocolFamily.INET, List.of()));

        assertThat(value(readings, "SO_BROADCAST")).isZero();
        assertThat(readings.get("SO_BROADCAST").describe()).isEqualTo("0 (off)");
        assertThat(value(readings, "SO_RCVBUF")).isPositive();
        assertThat(value(readings, "SO_SNDBUF")).isPositive();
        assertThat(value(readings, "IP_MULTICAST_TTL")).isEqualTo(1);
    }

    @Test
    void onLinuxEveryOptionIsListedWithTheKernelsValues() throws IOException {
        Requirements.require(Linux.isAvailable(), "getsockopt is only called on Linux");
        List<OptionReading> list = SocketOptionInspector.inspect(StandardProtocolFamily.INET, List.of());
        Map<String, OptionReading> readings = byName(list);

        assertThat(list).extracting(r -> r.option().name())
                .containsExactlyElementsOf(UdpSocketOptions.forFamily(StandardProtocolFamily.INET).stream().map(UdpSocketOption::name).toList());
        assertThat(readings.get("SO_TYPE").describe()).isEqualTo("2 (SOCK_DGRAM)");
        assertThat(readings.get("SO_DOMAIN").describe()).isEqualTo("2 (AF_INET)");
        assertThat(readings.get("SO_PROTOCOL").describe()).isEqualTo("17 (IPPROTO_UDP)");
        assertThat(value(readings, "IP_TTL")).isBetween(1, 255);
        assertThat(value(readings, "IP_MTU_DISCOVER")).isBetween(0, 5);
        assertThat(readings.get("IP_MTU_DISCOVER").describe()).matches("\\d \\(IP_PMTUDISC_[A-Z]+\\)");
        // IP_MTU only has a value once the socket is connected: reported, not thrown.
        assertThat(readings.get("IP_MTU").value()).isInstanceOf(OptionValue.Unavailable.class);
        assertThat(readings.get("IP_MTU").describe()).startsWith("unavailable: ");
        assertThat(readings.values()).allSatisfy(r -> assertThat(r.describe()).isNotBlank());
    }

    @Test
    void settingTheReceiveBufferComesBackDoubled() throws IOException {
        Requirements.require(Linux.isAvailable(), "the doubling is Linux's");
        // 8192 bytes: far below any net.core.rmem_max a Linux comes with (212992 bytes or more by default) and
        // above the least the kernel raises a request to (a few KiB), so it keeps exactly twice it, on any machine.
        int asked = 8192;

        OptionReading rcvbuf = byName(SocketOptionInspector.inspect(StandardProtocolFamily.INET,
                List.of(OptionSetting.parse("SO_RCVBUF=" + asked)))).get("SO_RCVBUF");

        assertThat(rcvbuf.value()).isEqualTo(new OptionValue.Known(16384));
        assertThat(rcvbuf.asked().orElseThrow().value()).isEqualTo(asked);
        // The explanation names the cap, whose value is this machine's and not asserted here.
        assertThat(rcvbuf.describe()).startsWith("16384 (asked 8192; Linux doubles it for bookkeeping, capped by net.core.rmem_max");
    }

    @Test
    void aReceiveBufferAboveTheCapIsExplainedAsCapped() throws IOException {
        Requirements.require(Linux.isAvailable(), "the cap is Linux's");
        Requirements.require(SocketOptionInspector.readSysctl("net.core.rmem_max").isPresent(), "net.core.rmem_max readable");
        UdpSocketOption rcvbuf = UdpSocketOptions.named("SO_RCVBUF").orElseThrow();
        String capped = "Linux caps it at net\\.core\\.rmem_max = \\d+, then doubles it for bookkeeping";
        // The largest int: above rmem_max on any sane system (the kernel never keeps more than half of it
        // anyway), so the request is capped whatever this machine's rmem_max is.
        int huge = Integer.MAX_VALUE;

        assertThat(SocketOptionInspector.explain(rcvbuf, huge, new OptionValue.Known(425984), OptionSource.LINUX_GETSOCKOPT))
                .get(STRING).matches(capped);
        OptionReading live = byName(SocketOptionInspector.inspect(StandardProtocolFamily.INET,
                List.of(OptionSetting.parse("SO_RCVBUF=" + huge)))).get("SO_RCVBUF");
        assertThat(live.describe()).matches("\\d+ \\(asked " + huge + "; " + capped + "\\)");
        // A tiny request is raised to the kernel's minimum, more than twice it, whatever the cap.
        assertThat(SocketOptionInspector.explain(rcvbuf, 1, new OptionValue.Known(4608), OptionSource.LINUX_GETSOCKOPT))
                .hasValue("Linux raises it to its minimum buffer size");
    }

    @Test
    void settingTosComesBackAsSet() throws IOException {
        OptionReading tos = byName(SocketOptionInspector.inspect(StandardProtocolFamily.INET,
                List.of(OptionSetting.parse("IP_TOS=0x10")))).get("IP_TOS");

        assertThat(tos.value()).isEqualTo(new OptionValue.Known(0x10));
        assertThat(tos.describe()).isEqualTo("16 (0x10; DSCP 4, ECN 0), as set");
    }

    @Test
    void settingsApplyInOrderSoTheLastOneWins() throws IOException {
        OptionReading broadcast = byName(SocketOptionInspector.inspect(StandardProtocolFamily.INET,
                List.of(OptionSetting.parse("SO_BROADCAST=on"), OptionSetting.parse("SO_BROADCAST=off"),
                        OptionSetting.parse("SO_BROADCAST=yes")))).get("SO_BROADCAST");

        assertThat(broadcast.value()).isEqualTo(new OptionValue.Known(1));
        assertThat(broadcast.describe()).isEqualTo("1 (on), as set");
    }

    @Test
    void anIpv6SocketListsTheIpv6Options() throws IOException {
        Map<String, OptionReading> readings = byName(SocketOptionInspector.inspect(StandardProtocolFamily.INET6,
                List.of(OptionSetting.parse("IPV6_TCLASS=0xb8"))));

        assertThat(readings).doesNotContainKey("IP_TOS").doesNotContainKey("IP_TTL");
        assertThat(readings.get("IPV6_TCLASS").describe()).isEqualTo("184 (0xb8; DSCP 46, ECN 0), as set");
        if (Linux.isAvailable()) {
            assertThat(readings.get("SO_DOMAIN").describe()).isEqualTo("10 (AF_INET6)");
            assertThat(value(readings, "IPV6_V6ONLY")).isBetween(0, 1);
            assertThat(value(readings, "IPV6_UNICAST_HOPS")).isBetween(1, 255);
            assertThat(readings.get("IPV6_MTU_DISCOVER").describe()).matches("\\d \\(IPV6_PMTUDISC_[A-Z]+\\)");
        }
    }

    @Test
    void anOptionOfTheOtherFamilyIsRefusedBeforeAnySocketOpens() {
        assertThatExceptionOfType(OptionFamilyMismatchException.class)
                .isThrownBy(() -> SocketOptionInspector.inspect(StandardProtocolFamily.INET, List.of(OptionSetting.parse("IPV6_V6ONLY=1"))))
                .withMessage("IPV6_V6ONLY is an IPv6 option, and this is an IPv4 socket")
                .extracting(OptionFamilyMismatchException::socketFamily).isEqualTo(StandardProtocolFamily.INET);
        assertThatExceptionOfType(OptionFamilyMismatchException.class)
                .isThrownBy(() -> SocketOptionInspector.inspect(StandardProtocolFamily.INET6, List.of(OptionSetting.parse("IP_TOS=1"))))
                .withMessage("IP_TOS is an IPv4 option, and this is an IPv6 socket");
    }

    @Test
    void aValueTheKernelCallsInvalidIsTheCallersMistake() {
        Requirements.require(Linux.isAvailable(), "the EINVAL comes from Linux");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SocketOptionInspector.inspect(StandardProtocolFamily.INET, List.of(OptionSetting.parse("IP_TTL=300"))))
                .withMessage("the kernel refused setting IP_TTL to 300 as an invalid value");
    }

    @Test
    void anOptionTheKernelDoesNotKnowIsNotSupportedRatherThanAnError() throws IOException {
        Requirements.require(Linux.isAvailable(), "ENOPROTOOPT comes from Linux");
        UdpSocketOption unknown = new UdpSocketOption("SO_FROM_THE_FUTURE", OptionLevel.SOL_SOCKET, 9999,
                OptionFormat.NUMBER, true, java.util.Optional.empty());
        try (LinuxOptionAccess socket = new LinuxOptionAccess(StandardProtocolFamily.INET)) {
            assertThatThrownBy(() -> socket.get(unknown)).isInstanceOfSatisfying(OptionUnavailableException.class,
                    e -> assertThat(e.value()).isEqualTo(new OptionValue.NotSupported()));
            assertThatThrownBy(() -> socket.set(unknown, 1)).isInstanceOf(IOException.class)
                    .hasMessage("setting SO_FROM_THE_FUTURE to 1: this kernel does not support SO_FROM_THE_FUTURE");
        }
        assertThat(OptionReading.of(unknown, new OptionValue.NotSupported()).describe()).isEqualTo("not supported");
    }

    @Test
    void theJdkFallbackReachesTheStandardOptions() throws IOException {
        UdpSocketOption rcvbuf = UdpSocketOptions.named("SO_RCVBUF").orElseThrow();
        UdpSocketOption broadcast = UdpSocketOptions.named("SO_BROADCAST").orElseThrow();
        UdpSocketOption type = UdpSocketOptions.named("SO_TYPE").orElseThrow();
        try (JdkOptionAccess socket = new JdkOptionAccess(StandardProtocolFamily.INET)) {
            assertThat(socket.reaches(rcvbuf)).isTrue();
            assertThat(socket.reaches(type)).isFalse();
            assertThat(socket.get(broadcast)).isZero();
            socket.set(broadcast, 1);
            assertThat(socket.get(broadcast)).isEqualTo(1);
            assertThat(socket.get(rcvbuf)).isPositive();
            assertThat(socket.source()).isEqualTo(OptionSource.JDK_CHANNEL);
        }
    }

    @Test
    void anUnchangedValueNeedsNoExplanationAndAChangedOneGetsOne() {
        UdpSocketOption ttl = UdpSocketOptions.named("IP_TTL").orElseThrow();
        UdpSocketOption sndbuf = UdpSocketOptions.named("SO_SNDBUF").orElseThrow();

        OptionSource linux = OptionSource.LINUX_GETSOCKOPT;
        assertThat(SocketOptionInspector.explain(ttl, 5, new OptionValue.Known(5), linux)).isEmpty();
        assertThat(SocketOptionInspector.explain(ttl, 5, new OptionValue.Known(6), linux)).hasValue("the kernel adjusted it");
        assertThat(SocketOptionInspector.explain(sndbuf, 5000, new OptionValue.Known(10000), OptionSource.JDK_CHANNEL))
                .hasValue("the kernel adjusted it");
        assertThat(SocketOptionInspector.explain(sndbuf, 5000, new OptionValue.Known(10000), linux)).get(STRING)
                .startsWith("Linux doubles it for bookkeeping, capped by net.core.wmem_max");
    }
}
