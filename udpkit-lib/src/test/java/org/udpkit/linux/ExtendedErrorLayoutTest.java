package org.udpkit.linux;

import org.junit.jupiter.api.Test;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code struct cmsghdr} and {@code struct sock_extended_err} as a 64-bit Linux C compiler lays them out. */
class ExtendedErrorLayoutTest {
    @Test
    void cmsghdrIsSixteenBytesAndItsDataFollows() {
        assertThat(ExtendedErrorLayout.CMSGHDR.byteSize()).isEqualTo(16);
        assertThat(ExtendedErrorLayout.CMSGHDR.byteOffset(groupElement("cmsg_level"))).isEqualTo(8);
        assertThat(ExtendedErrorLayout.CMSGHDR.byteOffset(groupElement("cmsg_type"))).isEqualTo(12);
        assertThat(ExtendedErrorLayout.CMSG_DATA).isEqualTo(16);
        assertThat(ExtendedErrorLayout.align(20)).isEqualTo(24);
        assertThat(ExtendedErrorLayout.align(24)).isEqualTo(24);
    }

    @Test
    void sockExtendedErrIsSixteenBytesAndTheOffenderFollows() {
        assertThat(ExtendedErrorLayout.SOCK_EXTENDED_ERR.byteSize()).isEqualTo(16);
        assertThat(ExtendedErrorLayout.SOCK_EXTENDED_ERR.byteOffset(groupElement("ee_origin"))).isEqualTo(4);
        assertThat(ExtendedErrorLayout.SOCK_EXTENDED_ERR.byteOffset(groupElement("ee_type"))).isEqualTo(5);
        assertThat(ExtendedErrorLayout.SOCK_EXTENDED_ERR.byteOffset(groupElement("ee_code"))).isEqualTo(6);
        assertThat(ExtendedErrorLayout.SOCK_EXTENDED_ERR.byteOffset(groupElement("ee_info"))).isEqualTo(8);
        assertThat(ExtendedErrorLayout.SOCK_EXTENDED_ERR.byteOffset(groupElement("ee_data"))).isEqualTo(12);
        assertThat(ExtendedErrorLayout.EE_OFFENDER).isEqualTo(16);
    }
}
