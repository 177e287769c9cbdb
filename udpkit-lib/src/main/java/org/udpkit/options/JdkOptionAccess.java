package org.udpkit.options;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.Map;

/** Where Linux's getsockopt cannot be called: the few options the JDK exposes on a {@link DatagramChannel}. */
final class JdkOptionAccess implements OptionAccess {
    // The JDK maps IP_TOS, IP_MULTICAST_* to their IPv6 twins on an IPv6 channel.
    private static final Map<String, SocketOption<?>> JDK_OPTIONS = Map.ofEntries(
            Map.entry("SO_RCVBUF", StandardSocketOptions.SO_RCVBUF),
            Map.entry("SO_SNDBUF", StandardSocketOptions.SO_SNDBUF),
            Map.entry("SO_BROADCAST", StandardSocketOptions.SO_BROADCAST),
            Map.entry("SO_REUSEADDR", StandardSocketOptions.SO_REUSEADDR),
            Map.entry("SO_REUSEPORT", StandardSocketOptions.SO_REUSEPORT),
            Map.entry("IP_TOS", StandardSocketOptions.IP_TOS),
            Map.entry("IPV6_TCLASS", StandardSocketOptions.IP_TOS),
            Map.entry("IP_MULTICAST_TTL", StandardSocketOptions.IP_MULTICAST_TTL),
            Map.entry("IPV6_MULTICAST_HOPS", StandardSocketOptions.IP_MULTICAST_TTL),
            Map.entry("IP_MULTICAST_LOOP", StandardSocketOptions.IP_MULTICAST_LOOP),
            Map.entry("IPV6_MULTICAST_LOOP", StandardSocketOptions.IP_MULTICAST_LOOP));

    private final DatagramChannel channel;

    JdkOptionAccess(StandardProtocolFamily family) throws IOException {
        this.channel = DatagramChannel.open(family);
    }

    @Override
    public boolean reaches(UdpSocketOption option) {
        SocketOption<?> jdk = JDK_OPTIONS.get(option.name());
        return jdk != null && channel.supportedOptions().contains(jdk);
    }

    @Override
    public int get(UdpSocketOption option) throws IOException {
        if (!reaches(option)) {
            throw new OptionUnavailableException(new OptionValue.NotSupported());
        }
        Object value = channel.getOption(JDK_OPTIONS.get(option.name()));
        return value instanceof Boolean on ? (on ? 1 : 0) : (Integer) value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void set(UdpSocketOption option, int value) throws IOException {
        if (!reaches(option)) {
            throw new IOException(option.name() + " cannot be set through the JDK on this system");
        }
        SocketOption<?> jdk = JDK_OPTIONS.get(option.name());
        if (jdk.type() == Boolean.class) {
            channel.setOption((SocketOption<Boolean>) jdk, value != 0);
        } else {
            channel.setOption((SocketOption<Integer>) jdk, value);
        }
    }

    @Override
    public OptionSource source() {
        return OptionSource.JDK_CHANNEL;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
