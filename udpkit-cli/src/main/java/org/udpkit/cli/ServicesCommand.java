package org.udpkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.udpkit.services.PortRange;
import org.udpkit.services.Service;
import org.udpkit.services.ServiceSource;
import org.udpkit.services.ServiceTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** socket.getservbyname and getservbyport: a service's port from its name, or a port's name. */
@Command(name = "services",
        description = {"Look up a service's port by name (socket.getservbyname), or a port's service name "
                + "(getservbyport), and say which range the port is in.",
                "Reads /etc/services when present, a built-in table of well-known services otherwise."})
final class ServicesCommand extends UdpkitCommand {
    private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9]+");

    @Parameters(index = "0", paramLabel = "NAME|PORT", description = "a service name or alias (domain, www), or a port number")
    String query;
    @Option(names = "--proto", paramLabel = "PROTOCOL", defaultValue = "udp",
            description = "udp (the default) or tcp; any protocol the table lists works, e.g. sctp")
    String protocol;
    @Option(names = "--file", paramLabel = "FILE", description = "read this services(5) file instead of /etc/services")
    Path file;
    @Option(names = "--built-in", description = "use udpkit's built-in table even when /etc/services exists")
    boolean builtIn;
    @Mixin
    JsonOption output;

    @Override
    public Integer call() throws Exception {
        String proto = protocol.strip().toLowerCase(Locale.ROOT);
        if (proto.isEmpty()) {
            throw new UsageException("--proto needs a protocol name such as udp or tcp");
        }
        ServiceTable table = table();
        if (NUMBER.matcher(query.strip()).matches()) {
            int port = port(query.strip());
            return answer(table.byPort(port, proto), table,
                    "port/proto not found: port " + port + "/" + proto + " has no name in " + table.source()
                            + " (" + PortRange.of(port).describe() + ")" + otherProtocols(table.protocolsOf(port)));
        }
        return answer(table.byName(query.strip(), proto), table,
                "service/proto not found: no service '" + query.strip() + "' for " + proto + " in " + table.source()
                        + otherProtocols(table.protocolsOf(query.strip())));
    }

    private ServiceTable table() {
        if (builtIn && file != null) {
            throw new UsageException("--file and --built-in cannot be used together");
        }
        if (builtIn) {
            return ServiceTable.builtIn();
        }
        if (file == null) {
            return ServiceTable.system();
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no services file at " + file);
        }
        try {
            return ServiceTable.load(file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private int answer(Optional<Service> found, ServiceTable table, String notFound) {
        if (found.isEmpty()) {
            err().println("udpkit: " + notFound);
            return ExitCodes.FAILURE;
        }
        Service service = found.get();
        if (output.json) {
            Json.write(out(), json -> {
                json.writeStartObject();
                json.writeStringField("name", service.name());
                json.writeNumberField("port", service.port());
                json.writeStringField("protocol", service.protocol());
                json.writeArrayFieldStart("aliases");
                for (String alias : service.aliases()) {
                    json.writeString(alias);
                }
                json.writeEndArray();
                json.writeStringField("range", service.range().label());
                json.writeStringField("source", table.source().toString());
                json.writeEndObject();
            });
        } else {
            out().println(describe(service, table.source()));
        }
        return ExitCodes.OK;
    }

    /** {@code http 80/tcp, also www (well-known port, 0-1023; from /etc/services)}. */
    static String describe(Service service, ServiceSource source) {
        StringBuilder line = new StringBuilder(service.name()).append(' ').append(service.portAndProtocol());
        if (!service.aliases().isEmpty()) {
            line.append(", also ").append(String.join(" ", service.aliases()));
        }
        return line.append(" (").append(service.range().describe()).append("; from ").append(source).append(')')
                .toString();
    }

    private static String otherProtocols(Set<String> listed) {
        if (listed.isEmpty()) {
            return "";
        }
        String first = listed.iterator().next();
        return "; it is listed for " + String.join(", ", listed) + ": try --proto " + first;
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            PortRange.of(port);
            return port;
        } catch (IllegalArgumentException e) {
            throw new UsageException("port " + text + " is outside 0-65535");
        }
    }
}
