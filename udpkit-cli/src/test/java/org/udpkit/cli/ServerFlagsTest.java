package org.udpkit.cli;

import org.junit.jupiter.api.Test;
import org.udpkit.server.ServerOptions;
import org.udpkit.server.TransportKind;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --workers} and {@code --transport} as every server command reads them. */
class ServerFlagsTest {
    private static ServerFlags parse(String... args) {
        ServerFlags flags = new ServerFlags();
        new CommandLine(CommandLine.Model.CommandSpec.forAnnotatedObject(flags)).parseArgs(args);
        return flags;
    }

    @Test
    void oneWorkerOnTheFastestTransportByDefault() {
        ServerOptions options = parse().options(ServerOptions.defaults());
        assertThat(options.workers()).isEqualTo(1);
        assertThat(options.reusePort()).isFalse();
        assertThat(options.transport()).isEqualTo(TransportKind.AUTO);
    }

    @Test
    void severalWorkersShareThePort() {
        ServerOptions options = parse("--workers", "3", "--transport", "LINUX_BATCHED").options(ServerOptions.defaults());
        assertThat(options.workers()).isEqualTo(3);
        assertThat(options.reusePort()).isTrue();
        assertThat(options.transport()).isEqualTo(TransportKind.LINUX_BATCHED);
    }

    @Test
    void zeroWorkersMeansOnePerCore() {
        assertThat(parse("--workers", "0").options(ServerOptions.defaults()).workers())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void aNegativeCountOrMoreThanTheMachineHoldsIsAUsageError() {
        for (String workers : new String[] {"-1", "1025", "2147483647", "2147483648", "many"}) {
            assertThatThrownBy(() -> parse("--workers", workers))
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("'" + workers + "' is not");
        }
        assertThat(parse("--workers", "1024").workers).isEqualTo(1024);
    }
}
