package org.udpkit.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffPolicyTest {
    @Test
    void theBooksPolicyWaitsFiveTimesDoublingFromATenth() {
        assertThat(BackoffPolicy.book().waits()).containsExactly(0.1, 0.2, 0.4, 0.8, 1.6);
        // Printed as Python prints them.
        assertThat(BackoffPolicy.book().waits().stream().map(String::valueOf))
                .containsExactly("0.1", "0.2", "0.4", "0.8", "1.6");
    }

    @Test
    void aLimitExactlyOnAWaitStillTriesIt() {
        assertThat(new BackoffPolicy(0.05, 2, 0.4).waits()).containsExactly(0.05, 0.1, 0.2, 0.4);
    }

    @Test
    void refusesPoliciesThatCannotWork() {
        assertThatThrownBy(() -> new BackoffPolicy(0, 2, 2)).hasMessageContaining("more than 0");
        assertThatThrownBy(() -> new BackoffPolicy(0.1, 1, 2)).hasMessageContaining("more than 1");
        assertThatThrownBy(() -> new BackoffPolicy(1, 2, 0.5)).hasMessageContaining("must not be below");
    }
}
