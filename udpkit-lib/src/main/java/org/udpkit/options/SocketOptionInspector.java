package org.udpkit.options;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.udpkit.linux.Linux;

/**
 * Opens a fresh UDP socket, sets the options it is asked to, in order, and reads back every option the
 * socket's family has: what {@code getsockopt} would show for each, and why a set value came back changed.
 */
public final class SocketOptionInspector {
    private static final System.Logger LOG = System.getLogger(SocketOptionInspector.class.getName());

    private SocketOptionInspector() {
    }

    /** True when options are read with Linux's getsockopt; false when only the JDK's few are available. */
    public static boolean readsLinuxOptions() {
        return Linux.isAvailable();
    }

    /**
     * Every option of a fresh socket of the family, after applying {@code settings}.
     *
     * @throws IllegalArgumentException when a setting is for the other family, or the kernel calls its value invalid
     * @throws IOException when the socket cannot be opened or the kernel refuses a setting otherwise (EPERM ...)
     */
    public static List<OptionReading> inspect(boolean ipv6, List<OptionSetting> settings) throws IOException {
        for (OptionSetting setting : settings) {
            if (!setting.option().appliesTo(ipv6)) {
                throw new IllegalArgumentException(setting.option().name() + " is an "
                        + (ipv6 ? "IPv4" : "IPv6") + " option, and this is an " + (ipv6 ? "IPv6" : "IPv4")
                        + " socket" + (ipv6 ? ": drop -6" : ": add -6"));
            }
        }
        try (OptionAccess socket = readsLinuxOptions() ? new LinuxOptionAccess(ipv6) : new JdkOptionAccess(ipv6)) {
            Map<UdpSocketOption, Integer> asked = new LinkedHashMap<>();
            for (OptionSetting setting : settings) {
                socket.set(setting.option(), setting.value());
                asked.put(setting.option(), setting.value());
            }
            List<OptionReading> readings = new ArrayList<>();
            for (UdpSocketOption option : UdpSocketOptions.forFamily(ipv6)) {
                if (!socket.reaches(option)) {
                    continue;
                }
                OptionReading reading = read(socket, option);
                Integer askedValue = asked.get(option);
                if (askedValue != null) {
                    reading = reading.asked(askedValue, explain(option, askedValue, reading.value(), socket.isLinux()));
                }
                readings.add(reading);
            }
            return readings;
        }
    }

    private static OptionReading read(OptionAccess socket, UdpSocketOption option) throws IOException {
        try {
            return OptionReading.of(option, socket.get(option));
        } catch (OptionUnavailableException e) {
            return OptionReading.unavailable(option, e.getMessage());
        }
    }

    /** Why {@code actual} differs from {@code asked}; empty when it does not. */
    static String explain(UdpSocketOption option, int asked, OptionalInt actual, boolean linux) {
        if (actual.isPresent() && actual.getAsInt() == asked) {
            return "";
        }
        if (linux && option.doubledUpToSysctl().isPresent()) {
            String sysctl = option.doubledUpToSysctl().get();
            OptionalInt cap = readSysctl(sysctl);
            if (cap.isEmpty()) {
                return "Linux doubles it for bookkeeping, capped by " + sysctl;
            }
            if (Integer.toUnsignedLong(asked) > cap.getAsInt()) {
                return "Linux caps it at " + sysctl + " = " + cap.getAsInt() + ", then doubles it for bookkeeping";
            }
            if (actual.isPresent() && actual.getAsInt() > 2L * asked) {
                return "Linux raises it to its minimum buffer size";
            }
            return "Linux doubles it for bookkeeping, capped by " + sysctl + " = " + cap.getAsInt();
        }
        return "the kernel adjusted it";
    }

    /** A numeric sysctl such as {@code net.core.rmem_max}, from /proc/sys; empty when it cannot be read. */
    static OptionalInt readSysctl(String name) {
        Path file = Path.of("/proc/sys", name.split("\\."));
        // Read by lines: Files.readString trusts the size procfs reports and can return only part of the value.
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line = reader.readLine();
            return line == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(line.strip()));
        } catch (IOException | NumberFormatException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot read {0}: {1}", file, e.getMessage());
            return OptionalInt.empty();
        }
    }
}
