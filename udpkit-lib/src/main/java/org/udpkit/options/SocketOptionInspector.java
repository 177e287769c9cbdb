package org.udpkit.options;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** Where this system's option values come from. */
    public static OptionSource source() {
        return Linux.isAvailable() ? OptionSource.LINUX_GETSOCKOPT : OptionSource.JDK_CHANNEL;
    }

    /**
     * Every option of a fresh socket of the family, after applying {@code settings}.
     *
     * @throws OptionFamilyMismatchException when a setting is for the other family
     * @throws IllegalArgumentException when the kernel calls a value invalid
     * @throws IOException when the socket cannot be opened or the kernel refuses a setting otherwise (EPERM ...)
     */
    public static List<OptionReading> inspect(StandardProtocolFamily family, List<OptionSetting> settings)
            throws IOException {
        for (OptionSetting setting : settings) {
            if (!setting.option().appliesTo(family)) {
                throw new OptionFamilyMismatchException(setting.option(), family);
            }
        }
        try (OptionAccess socket = source() == OptionSource.LINUX_GETSOCKOPT
                ? new LinuxOptionAccess(family) : new JdkOptionAccess(family)) {
            Map<UdpSocketOption, Integer> asked = new LinkedHashMap<>();
            for (OptionSetting setting : settings) {
                socket.set(setting.option(), setting.value());
                asked.put(setting.option(), setting.value());
            }
            List<OptionReading> readings = new ArrayList<>();
            for (UdpSocketOption option : UdpSocketOptions.forFamily(family)) {
                if (!socket.reaches(option)) {
                    continue;
                }
                OptionReading reading = OptionReading.of(option, read(socket, option));
                Integer askedValue = asked.get(option);
                if (askedValue != null) {
                    reading = reading.asked(askedValue, explain(option, askedValue, reading.value(), socket.source()));
                }
                readings.add(reading);
            }
            return readings;
        }
    }

    private static OptionValue read(OptionAccess socket, UdpSocketOption option) throws IOException {
        try {
            return new OptionValue.Known(socket.get(option));
        } catch (OptionUnavailableException e) {
            return e.value();
        }
    }

    /** Why {@code actual} differs from {@code asked}; empty when it does not. */
    static Optional<String> explain(UdpSocketOption option, int asked, OptionValue actual, OptionSource source) {
        OptionalInt value = actual.number();
        if (value.isPresent() && value.getAsInt() == asked) {
            return Optional.empty();
        }
        if (source == OptionSource.LINUX_GETSOCKOPT && option.doubledUpToSysctl().isPresent()) {
            String sysctl = option.doubledUpToSysctl().get();
            OptionalInt cap = readSysctl(sysctl);
            if (cap.isEmpty()) {
                return Optional.of("Linux doubles it for bookkeeping, capped by " + sysctl);
            }
            if (Integer.toUnsignedLong(asked) > cap.getAsInt()) {
                return Optional.of("Linux caps it at " + sysctl + " = " + cap.getAsInt() + ", then doubles it for bookkeeping");
            }
            if (value.isPresent() && value.getAsInt() > 2L * asked) {
                return Optional.of("Linux raises it to its minimum buffer size");
            }
            return Optional.of("Linux doubles it for bookkeeping, capped by " + sysctl + " = " + cap.getAsInt());
        }
        return Optional.of("the kernel adjusted it");
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
