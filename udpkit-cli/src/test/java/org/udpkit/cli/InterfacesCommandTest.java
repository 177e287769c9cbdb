package org.udpkit.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InterfacesCommandTest {
    @Test
    void listsLoopbackWithItsAddressesAndMtu() {
        Cli run = Cli.run("interfaces");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .containsPattern("(?m)^lo \\(index [0-9]+\\): up, loopback; MTU 65536$")
                .containsPattern("(?m)^    inet  127\\.0\\.0\\.1/8$")
                .containsPattern("(?m)^    inet6 ::1/128$")
                .contains("bind to 0.0.0.0");
    }

    @Test
    void onlyInterfacesThatAreUpWithUp() {
        Cli run = Cli.run("interfaces", "--up");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).containsPattern("(?m)^lo ").doesNotContainPattern("(?m)^\\S.*: down");
    }
}
