package org.udpkit.services;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceTableTest {
    private static final String SMALL_FILE = """
            # Network services, Internet style
            #
            echo\t\t7/tcp
            echo\t\t7/udp
            discard\t\t9/udp\t\tsink null\t# two aliases, then a comment
            http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP
               domain   53/udp      # leading blanks and spaces instead of tabs
            syslog      514/udp
            shell       514/tcp     cmd
            domain      53/tcp
            sctp-only   9999/sctp
            broken-no-slash 77
            broken-port     99999/udp
            broken-proto    78/
            lonely-name
            echo-again  7/udp                # a second entry for 7/udp: the first one wins
            """;

    @TempDir
    Path dir;

    private ServiceTable small() throws IOException {
        Path file = dir.resolve("services");
        Files.writeString(file, SMALL_FILE, StandardCharsets.UTF_8);
        return ServiceTable.load(file);
    }

    @Test
    void readsNamesPortsProtocolsAndAliasesAndSkipsCommentsAndBrokenLines() throws IOException {
        ServiceTable table = small();

        assertThat(table.services()).extracting(Service::name).containsExactly(
                "echo", "echo", "discard", "http", "domain", "syslog", "shell", "domain", "sctp-only", "echo-again");
        assertThat(table.byName("discard", "udp")).hasValueSatisfying(discard -> {
            assertThat(discard.port()).isEqualTo(9);
            assertThat(discard.aliases()).containsExactly("sink", "null");
        });
        assertThat(table.byName("http", "tcp")).map(Service::aliases).hasValue(java.util.List.of("www"));
        assertThat(table.source()).isEqualTo(new ServiceSource.File(dir.resolve("services")));
    }

    @Test
    void findsByNameOrAliasPerProtocol() throws IOException {
        ServiceTable table = small();

        assertThat(table.byName("domain", "udp")).map(Service::port).hasValue(53);
        assertThat(table.byName("domain", "tcp")).map(Service::port).hasValue(53);
        assertThat(table.byName("www", "tcp")).map(Service::name).hasValue("http");
        assertThat(table.byName("null", "udp")).map(Service::name).hasValue("discard");
        assertThat(table.byName("DOMAIN", "UDP")).map(Service::port).hasValue(53);
        assertThat(table.byName("http", "udp")).isEmpty();
        assertThat(table.byName("sctp-only", "sctp")).map(Service::port).hasValue(9999);
        assertThat(table.byName("nonesuch", "udp")).isEmpty();
    }

    @Test
    void findsByPortPerProtocolAndTheFirstEntryWins() throws IOException {
        ServiceTable table = small();

        assertThat(table.byPort(514, "udp")).map(Service::name).hasValue("syslog");
        assertThat(table.byPort(514, "tcp")).map(Service::name).hasValue("shell");
        assertThat(table.byPort(7, "udp")).map(Service::name).hasValue("echo");
        assertThat(table.byPort(80, "udp")).isEmpty();
        assertThat(table.byPort(77, "udp")).isEmpty();
    }

    @Test
    void saysWhichProtocolsANameOrPortIsListedFor() throws IOException {
        ServiceTable table = small();

        assertThat(table.protocolsOf("domain")).containsExactly("udp", "tcp");
        assertThat(table.protocolsOf("www")).containsExactly("tcp");
        assertThat(table.protocolsOf(514)).containsExactly("udp", "tcp");
        assertThat(table.protocolsOf(1060)).isEmpty();
    }

    @Test
    void theBuiltInTableKnowsTheWellKnownServicesWithTheirProtocols() {
        ServiceTable table = ServiceTable.builtIn();

        assertThat(table.source()).isEqualTo(new ServiceSource.BuiltIn());
        assertThat(table.source()).hasToString("built-in table");
        String[][] expected = {
                {"echo", "7"}, {"discard", "9"}, {"daytime", "13"}, {"ftp-data", "20"}, {"ftp", "21"},
                {"ssh", "22"}, {"telnet", "23"}, {"smtp", "25"}, {"time", "37"}, {"domain", "53"},
                {"bootps", "67"}, {"bootpc", "68"}, {"tftp", "69"}, {"http", "80"}, {"kerberos", "88"},
                {"pop3", "110"}, {"sunrpc", "111"}, {"ntp", "123"}, {"netbios-ns", "137"},
                {"netbios-dgm", "138"}, {"imap", "143"}, {"snmp", "161"}, {"snmp-trap", "162"},
                {"ldap", "389"}, {"https", "443"}};
        for (String[] service : expected) {
            int port = Integer.parseInt(service[1]);
            assertThat(table.byName(service[0], "udp")).as(service[0] + "/udp").map(Service::port).hasValue(port);
            assertThat(table.byName(service[0], "tcp")).as(service[0] + "/tcp").map(Service::port).hasValue(port);
        }
        assertThat(table.byName("syslog", "udp")).map(Service::port).hasValue(514);
        assertThat(table.byName("route", "udp")).map(Service::port).hasValue(520);
        assertThat(table.byName("syslog", "tcp")).isEmpty();
        assertThat(table.byPort(53, "udp")).map(Service::name).hasValue("domain");
        assertThat(table.byName("www", "tcp")).map(Service::name).hasValue("http");
    }

    @Test
    void theSystemTableIsEtcServicesWhenPresentAndKnowsDomain() {
        ServiceTable table = ServiceTable.system();

        ServiceSource expectedSource = Files.isReadable(ServiceTable.SYSTEM_FILE)
                ? new ServiceSource.File(ServiceTable.SYSTEM_FILE) : new ServiceSource.BuiltIn();
        assertThat(table.source()).isEqualTo(expectedSource);
        assertThat(table.byName("domain", "udp")).map(Service::port).hasValue(53);
        assertThat(table.byPort(53, "udp")).map(Service::name).hasValue("domain");
    }

    @Test
    void anEmptyFileIsAnEmptyTable() {
        ServiceTable table = ServiceTable.parse("# nothing but a comment\n\n", new ServiceSource.Text("empty"));

        assertThat(table.services()).isEmpty();
        assertThat(table.byName("domain", "udp")).isEmpty();
    }
}
