package org.udpkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpkit.services.ServiceTable;

import static org.assertj.core.api.Assertions.assertThat;

class ServicesCommandTest {
    @TempDir
    Path dir;

    private String file() throws IOException {
        Path file = dir.resolve("services");
        Files.writeString(file, """
                domain      53/tcp
                domain      53/udp
                http        80/tcp      www     # WorldWideWeb HTTP
                gaming      50000/udp
                """);
        return file.toString();
    }

    @Test
    void aNamePrintsItsPortRangeAndSource() throws IOException {
        String file = file();
        Cli run = Cli.run("services", "domain", "--file", file);

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).isEqualTo("domain 53/udp (well-known port, 0-1023; from " + file + ")" + System.lineSeparator());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aPortPrintsItsName() throws IOException {
        String file = file();

        assertThat(Cli.run("services", "53", "--file", file).out()).startsWith("domain 53/udp (well-known");
        assertThat(Cli.run("services", "50000", "--file", file).out())
                .isEqualTo("gaming 50000/udp (dynamic port, 49152-65535; from " + file + ")" + System.lineSeparator());
    }

    @Test
    void anAliasAndTheTcpProtocolWork() throws IOException {
        Cli run = Cli.run("services", "www", "--proto", "tcp", "--file", file());

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).startsWith("http 80/tcp, also www (well-known port, 0-1023; from ");
    }

    @Test
    void withoutAFileTheSystemTableAnswers() {
        Cli run = Cli.run("services", "domain");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).isEqualTo("domain 53/udp (well-known port, 0-1023; from "
                + ServiceTable.system().source() + ")" + System.lineSeparator());
    }

    @Test
    void theBuiltInTableCanBeAskedFor() {
        Cli run = Cli.run("services", "1812", "--built-in");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).startsWith("radius 1812/udp (registered port, 1024-49151; from built-in table)");
    }

    @Test
    void anUnknownNameFailsWithOneLine() throws IOException {
        Cli run = Cli.run("services", "nonesuch", "--file", file());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("udpkit: service/proto not found: no service 'nonesuch' for udp in ");
    }

    @Test
    void aNameOnlyListedForTheOtherProtocolSaysSo() throws IOException {
        Cli run = Cli.run("services", "http", "--file", file());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("it is listed for tcp: try --proto tcp");
    }

    @Test
    void aPortWithoutANameFailsAndStillSaysItsRange() throws IOException {
        Cli run = Cli.run("services", "1060", "--file", file());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString()
                .contains("port/proto not found: port 1060/udp has no name")
                .contains("(registered port, 1024-49151)");
    }

    @Test
    void aPortOutsideTheRangeIsAUsageError() {
        for (String port : new String[] {"65536", "99999999999999"}) {
            Cli run = Cli.run("services", port);

            assertThat(run.exitCode()).as(port).isEqualTo(2);
            assertThat(run.err()).contains("is outside 0-65535").contains("--help");
        }
    }

    @Test
    void aMissingFileIsAUsageError() {
        Cli run = Cli.run("services", "domain", "--file", dir.resolve("absent").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no services file at");
    }
}
