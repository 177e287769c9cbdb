package org.udpkit.services;

import java.util.List;
import java.util.Locale;

/**
 * One line of a services file: {@code http 80/tcp www} is the service {@code http} on port 80 over
 * tcp, also known as {@code www}.
 */
public record Service(String name, int port, String protocol, List<String> aliases) {
    public Service {
        if (name.isBlank() || protocol.isBlank()) {
            throw new IllegalArgumentException("a service needs a name and a protocol");
        }
        PortRange.of(port);
        protocol = protocol.toLowerCase(Locale.ROOT);
        aliases = List.copyOf(aliases);
    }

    /** True when {@code text} is the name or one of the aliases; case does not matter. */
    public boolean isCalled(String text) {
        if (name.equalsIgnoreCase(text)) {
            return true;
        }
        for (String alias : aliases) {
            if (alias.equalsIgnoreCase(text)) {
                return true;
            }
        }
        return false;
    }

    public PortRange range() {
        return PortRange.of(port);
    }

    /** {@code 80/tcp}. */
    public String portAndProtocol() {
        return port + "/" + protocol;
    }
}
