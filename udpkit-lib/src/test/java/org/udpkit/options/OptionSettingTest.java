package org.udpkit.options;

import java.net.StandardProtocolFamily;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OptionSettingTest {
    @Test
    void readsNameEqualsValueWhateverTheNamesCase() {
        OptionSetting setting = OptionSetting.parse("so_rcvbuf=100000");

        assertThat(setting.option().name()).isEqualTo("SO_RCVBUF");
        assertThat(setting.value()).isEqualTo(100000);
        assertThat(OptionSetting.parse("IP_MTU_DISCOVER=do").value()).isEqualTo(2);
        assertThat(OptionSetting.parse("SO_BROADCAST=on").value()).isEqualTo(1);
    }

    @Test
    void refusesUnknownNamesReadOnlyOptionsAndBadValues() {
        assertThatIllegalArgumentException().isThrownBy(() -> OptionSetting.parse("SO_NONESUCH=1"))
                .withMessageStartingWith("unknown socket option 'SO_NONESUCH'");
        assertThatIllegalArgumentException().isThrownBy(() -> OptionSetting.parse("SO_TYPE=1"))
                .withMessage("SO_TYPE is read-only: the kernel only reports it");
        assertThatIllegalArgumentException().isThrownBy(() -> OptionSetting.parse("IP_TTL=far"))
                .withMessage("bad value for IP_TTL: 'far' is not a number");
        assertThatIllegalArgumentException().isThrownBy(() -> OptionSetting.parse("IP_TTL"))
                .withMessageContaining("is not NAME=VALUE");
        assertThatIllegalArgumentException().isThrownBy(() -> OptionSetting.parse("=5"))
                .withMessageContaining("is not NAME=VALUE");
    }

    @Test
    void theTableHasEachNameOnceAndTheFamiliesTheirOwnOptions() {
        assertThat(UdpSocketOptions.all()).extracting(UdpSocketOption::name).doesNotHaveDuplicates();
        assertThat(UdpSocketOptions.forFamily(StandardProtocolFamily.INET)).extracting(UdpSocketOption::name)
                .contains("SO_RCVBUF", "IP_TOS", "UDP_GRO").doesNotContain("IPV6_V6ONLY");
        assertThat(UdpSocketOptions.forFamily(StandardProtocolFamily.INET6)).extracting(UdpSocketOption::name)
                .contains("SO_RCVBUF", "IPV6_V6ONLY", "UDP_GRO").doesNotContain("IP_TOS");
    }
}
