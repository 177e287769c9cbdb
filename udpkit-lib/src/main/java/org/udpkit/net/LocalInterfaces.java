package org.udpkit.net;

import java.io.IOException;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

import static org.udpkit.linux.LinuxSocketConstants.IFF_LOOPBACK;
import static org.udpkit.linux.LinuxSocketConstants.IFF_MULTICAST;
import static org.udpkit.linux.LinuxSocketConstants.IFF_POINTOPOINT;
import static org.udpkit.linux.LinuxSocketConstants.IFF_UP;

/** This machine's network interfaces, read through {@link NetworkInterface}: what a server can bind to. */
public final class LocalInterfaces {
    private static final System.Logger LOG = System.getLogger(LocalInterfaces.class.getName());

    private LocalInterfaces() {
    }

    /** Every interface, up or down, by index; a virtual interface right after the one it belongs to. */
    public static List<LocalInterface> list() throws SocketException {
        List<LocalInterface> top = new ArrayList<>();
        Map<String, List<LocalInterface>> aliases = new HashMap<>();
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            top.add(describe(nic));
            List<LocalInterface> children = new ArrayList<>();
            for (NetworkInterface child : nic.subInterfaces().toList()) {
                children.add(describe(child));
            }
            children.sort(Comparator.comparing(LocalInterface::name));
            aliases.put(nic.getName(), children);
        }
        top.addAll(addresslessLinuxInterfaces(aliases.keySet()));
        top.sort(Comparator.comparingInt(nic -> nic.index().orElse(Integer.MAX_VALUE)));
        List<LocalInterface> interfaces = new ArrayList<>();
        for (LocalInterface nic : top) {
            interfaces.add(nic);
            interfaces.addAll(aliases.getOrDefault(nic.name(), List.of()));
        }
        return interfaces;
    }

    /**
     * The JDK enumerates only interfaces that hold an address (and cannot find the others by name either);
     * on Linux, /sys/class/net names every interface and tells its index, MTU, flags and MAC.
     */
    private static List<LocalInterface> addresslessLinuxInterfaces(Set<String> known) {
        Path sysClassNet = Path.of("/sys/class/net");
        if (!Files.isDirectory(sysClassNet)) {
            return List.of();
        }
        List<LocalInterface> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(sysClassNet)) {
            for (Path dir : entries.toList()) {
                String name = dir.getFileName().toString();
                if (!known.contains(name)) {
                    int flags = Integer.decode(sysfs(dir, "flags"));
                    String mac = sysfs(dir, "address");
                    found.add(new LocalInterface(name, known(Integer.parseInt(sysfs(dir, "ifindex"))),
                            known(Integer.parseInt(sysfs(dir, "mtu"))), (flags & IFF_UP) != 0, (flags & IFF_LOOPBACK) != 0,
                            (flags & IFF_MULTICAST) != 0, (flags & IFF_POINTOPOINT) != 0, false, Optional.empty(),
                            mac.isEmpty() ? Optional.empty() : Optional.of(mac), List.of()));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot read the interfaces in {0}: {1}", sysClassNet, e.toString());
            return List.of();
        }
        return found;
    }

    /** The JDK and sysfs say -1 (or 0) for what they do not know. */
    private static OptionalInt known(int value) {
        return value > 0 ? OptionalInt.of(value) : OptionalInt.empty();
    }

    private static String sysfs(Path dir, String attribute) throws IOException {
        // Read by lines: Files.readString trusts the size sysfs reports.
        try (var reader = Files.newBufferedReader(dir.resolve(attribute))) {
            String line = reader.readLine();
            return line == null ? "" : line.strip();
        }
    }

    /** The interface with that name ({@code lo}, {@code eth0}), when there is one. */
    public static Optional<LocalInterface> named(String name) throws SocketException {
        return list().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    private static LocalInterface describe(NetworkInterface nic) throws SocketException {
        List<AssignedAddress> addresses = new ArrayList<>();
        for (InterfaceAddress assigned : nic.getInterfaceAddresses()) {
            addresses.add(new AssignedAddress(assigned.getAddress(), assigned.getNetworkPrefixLength(),
                    Optional.ofNullable(assigned.getBroadcast())));
        }
        byte[] mac = nic.getHardwareAddress();
        Optional<String> hardware = mac == null || mac.length == 0
                ? Optional.empty() : Optional.of(HexFormat.ofDelimiter(":").formatHex(mac));
        return new LocalInterface(nic.getName(), known(nic.getIndex()), known(nic.getMTU()), nic.isUp(), nic.isLoopback(),
                nic.supportsMulticast(), nic.isPointToPoint(), nic.isVirtual(),
                Optional.ofNullable(nic.getParent()).map(NetworkInterface::getName), hardware, addresses);
    }
}
