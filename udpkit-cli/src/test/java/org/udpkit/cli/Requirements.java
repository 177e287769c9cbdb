package org.udpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a test needs of the machine (native access on Linux, root for network namespaces). On a developer's machine
 * without it the test is skipped; under CI=true, where all of it is there, a missing requirement fails the
 * test instead, so that a regression (native access lost, say) cannot hide behind a skip.
 */
final class Requirements {
    private Requirements() {
    }

    static void require(boolean met, String what) {
        if ("true".equals(System.getenv("CI"))) {
            assertThat(met).as(what + " (CI=true: never skipped)").isTrue();
        } else {
            assumeTrue(met, what);
        }
    }
}
