package org.udpkit.services;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The services a system knows by name: what {@code getservbyname} and {@code getservbyport} search.
 *
 * <p>Lookups return the first matching entry in file order, as the C library does. The built-in table
 * is written in the services file syntax and read by the same parser, so both sources behave alike.
 */
public final class ServiceTable {
    /** Where Unix systems keep the table. */
    public static final Path SYSTEM_FILE = Path.of("/etc/services");

    private static final System.Logger LOG = System.getLogger(ServiceTable.class.getName());

    // IANA's assignments of the services a UDP programmer meets most, each with every protocol IANA lists.
    private static final String BUILT_IN_TEXT = """
            echo            7/tcp
            echo            7/udp
            discard         9/tcp       sink null
            discard         9/udp       sink null
            daytime         13/tcp
            daytime         13/udp
            qotd            17/tcp      quote
            qotd            17/udp      quote
            chargen         19/tcp      ttytst source
            chargen         19/udp      ttytst source
            ftp-data        20/tcp
            ftp-data        20/udp
            ftp             21/tcp
            ftp             21/udp
            ssh             22/tcp                      # SSH Remote Login Protocol
            ssh             22/udp
            telnet          23/tcp
            telnet          23/udp
            smtp            25/tcp      mail
            smtp            25/udp      mail
            time            37/tcp      timserver
            time            37/udp      timserver
            whois           43/tcp      nicname
            domain          53/tcp                      # Domain Name Server
            domain          53/udp
            bootps          67/tcp                      # BOOTP/DHCP server
            bootps          67/udp
            bootpc          68/tcp                      # BOOTP/DHCP client
            bootpc          68/udp
            tftp            69/tcp
            tftp            69/udp
            gopher          70/tcp
            finger          79/tcp
            http            80/tcp      www
            http            80/udp      www
            kerberos        88/tcp      kerberos5 krb5 kerberos-sec
            kerberos        88/udp      kerberos5 krb5 kerberos-sec
            pop3            110/tcp     pop-3
            pop3            110/udp     pop-3
            sunrpc          111/tcp     portmapper rpcbind
            sunrpc          111/udp     portmapper rpcbind
            auth            113/tcp     authentication tap ident
            nntp            119/tcp     readnews untp
            ntp             123/tcp
            ntp             123/udp                     # Network Time Protocol
            netbios-ns      137/tcp
            netbios-ns      137/udp
            netbios-dgm     138/tcp
            netbios-dgm     138/udp
            netbios-ssn     139/tcp
            netbios-ssn     139/udp
            imap            143/tcp     imap2
            imap            143/udp     imap2
            snmp            161/tcp
            snmp            161/udp
            snmp-trap       162/tcp     snmptrap
            snmp-trap       162/udp     snmptrap
            bgp             179/tcp
            irc             194/tcp
            irc             194/udp
            ldap            389/tcp
            ldap            389/udp
            https           443/tcp
            https           443/udp                     # HTTP/3 over QUIC
            microsoft-ds    445/tcp
            kpasswd         464/tcp
            kpasswd         464/udp
            isakmp          500/tcp
            isakmp          500/udp                     # IPsec key exchange
            shell           514/tcp     cmd
            syslog          514/udp
            printer         515/tcp     spooler
            talk            517/udp
            ntalk           518/udp
            route           520/udp     router routed   # RIP
            ripng           521/udp
            dhcpv6-client   546/tcp
            dhcpv6-client   546/udp
            dhcpv6-server   547/tcp
            dhcpv6-server   547/udp
            rtsp            554/tcp
            rtsp            554/udp
            submission      587/tcp
            ipp             631/tcp
            ipp             631/udp
            ldaps           636/tcp
            ldaps           636/udp
            domain-s        853/tcp                     # DNS over TLS
            domain-s        853/udp                     # DNS over DTLS and QUIC
            rsync           873/tcp
            ftps            990/tcp
            imaps           993/tcp
            pop3s           995/tcp
            openvpn         1194/tcp
            openvpn         1194/udp
            ms-sql-s        1433/tcp
            l2tp            1701/udp
            radius          1812/tcp
            radius          1812/udp
            radius-acct     1813/tcp    radacct
            radius-acct     1813/udp    radacct
            nfs             2049/tcp
            nfs             2049/udp
            mysql           3306/tcp
            ms-wbt-server   3389/tcp
            ms-wbt-server   3389/udp
            stun            3478/tcp
            stun            3478/udp
            ipsec-nat-t     4500/udp
            sip             5060/tcp
            sip             5060/udp
            mdns            5353/udp                    # Multicast DNS
            postgresql      5432/tcp
            x11             6000/tcp
            http-alt        8080/tcp    webcache
            """;

    private final List<Service> services;
    private final ServiceSource source;

    private ServiceTable(List<Service> services, ServiceSource source) {
        this.services = List.copyOf(services);
        this.source = source;
    }

    /** The system's table when it has a readable {@code /etc/services}, the built-in table otherwise. */
    public static ServiceTable system() {
        if (Files.isReadable(SYSTEM_FILE)) {
            try {
                return load(SYSTEM_FILE);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot read {0}, using the built-in table: {1}",
                        SYSTEM_FILE, e.getMessage());
            }
        }
        return builtIn();
    }

    /** The well-known services compiled into udpkit. */
    public static ServiceTable builtIn() {
        return parse(BUILT_IN_TEXT, new ServiceSource.BuiltIn());
    }

    /** Reads a file in the {@code services(5)} format; its {@link #source()} is the path. */
    public static ServiceTable load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), new ServiceSource.File(file));
    }

    /**
     * Reads {@code services(5)} text: {@code name port/protocol [alias ...] [# comment]}, fields separated
     * by spaces or tabs, {@code #} starting a comment anywhere. A line that does not fit is skipped, as the
     * C library skips it.
     */
    public static ServiceTable parse(String text, ServiceSource source) {
        List<Service> services = new ArrayList<>();
        for (String line : text.split("\\R")) {
            parseLine(line).ifPresent(services::add);
        }
        return new ServiceTable(services, source);
    }

    private static Optional<Service> parseLine(String line) {
        int comment = line.indexOf('#');
        String content = (comment >= 0 ? line.substring(0, comment) : line).strip();
        if (content.isEmpty()) {
            return Optional.empty();
        }
        String[] fields = content.split("[ \t]+");
        if (fields.length < 2) {
            return Optional.empty();
        }
        int slash = fields[1].indexOf('/');
        if (slash <= 0 || slash == fields[1].length() - 1) {
            return Optional.empty();
        }
        int port;
        try {
            port = Integer.parseInt(fields[1].substring(0, slash));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (port < 0 || port > 65535) {
            return Optional.empty();
        }
        List<String> aliases = Arrays.asList(fields).subList(2, fields.length);
        return Optional.of(new Service(fields[0], port, fields[1].substring(slash + 1), aliases));
    }

    /** Where the table came from. */
    public ServiceSource source() {
        return source;
    }

    /** Every entry, in file order. */
    public List<Service> services() {
        return services;
    }

    /** {@code getservbyname(name, protocol)}: the first entry with that name or alias for the protocol. */
    public Optional<Service> byName(String name, String protocol) {
        return services.stream()
                .filter(s -> s.protocol().equalsIgnoreCase(protocol) && s.isCalled(name))
                .findFirst();
    }

    /** {@code getservbyport(port, protocol)}: the first entry for that port and protocol. */
    public Optional<Service> byPort(int port, String protocol) {
        return services.stream()
                .filter(s -> s.port() == port && s.protocol().equalsIgnoreCase(protocol))
                .findFirst();
    }

    /** The protocols the table lists {@code name} for, in file order: to suggest another when one fails. */
    public Set<String> protocolsOf(String name) {
        Set<String> protocols = new LinkedHashSet<>();
        services.stream().filter(s -> s.isCalled(name)).forEach(s -> protocols.add(s.protocol()));
        return protocols;
    }

    /** The protocols the table lists {@code port} for, in file order. */
    public Set<String> protocolsOf(int port) {
        Set<String> protocols = new LinkedHashSet<>();
        services.stream().filter(s -> s.port() == port).forEach(s -> protocols.add(s.protocol()));
        return protocols;
    }
}
