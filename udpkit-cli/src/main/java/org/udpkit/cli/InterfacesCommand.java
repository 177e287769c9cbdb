package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import org.udpkit.net.AddressText;
import org.udpkit.net.AssignedAddress;
import org.udpkit.net.LocalInterface;
import org.udpkit.net.LocalInterfaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** "Binding to interfaces": the interfaces of this machine and their addresses, to choose what to bind. */
@Command(name = "interfaces",
        description = "List this machine's network interfaces with their addresses, broadcast address, MTU and "
                + "flags, to choose the address a server binds to.")
final class InterfacesCommand extends UdpkitCommand {
    @Option(names = "--up", description = "only the interfaces that are up")
    boolean upOnly;
    @Mixin
    JsonOption output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        List<LocalInterface> interfaces = LocalInterfaces.list().stream().filter(i -> i.up() || !upOnly).toList();
        if (output.json) {
            Json.write(out, json -> writeJson(json, interfaces));
            return ExitCodes.OK;
        }
        for (LocalInterface nic : interfaces) {
            out.println(heading(nic));
            if (nic.addresses().isEmpty()) {
                out.println("    (no addresses)");
            }
            for (AssignedAddress address : nic.addressesByFamily()) {
                out.println("    " + line(address, nic.name()));
            }
        }
        if (interfaces.isEmpty()) {
            out.println(upOnly ? "No interface is up." : "No interfaces.");
        }
        out.println();
        out.println("Bind to one of these addresses to hear only the datagrams sent to it; "
                + "bind to 0.0.0.0 (or ::) to hear those sent to every one.");
        return ExitCodes.OK;
    }

    private static void writeJson(JsonGenerator json, List<LocalInterface> interfaces) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart("interfaces");
        for (LocalInterface nic : interfaces) {
            json.writeStartObject();
            json.writeStringField("name", nic.name());
            if (nic.index().isPresent()) {
                json.writeNumberField("index", nic.index().getAsInt());
            }
            if (nic.mtu().isPresent()) {
                json.writeNumberField("mtu", nic.mtu().getAsInt());
            }
            json.writeArrayFieldStart("flags");
            for (String flag : nic.flags()) {
                json.writeString(flag);
            }
            json.writeEndArray();
            if (nic.parent().isPresent()) {
                json.writeStringField("parent", nic.parent().get());
            }
            if (nic.hardwareAddress().isPresent()) {
                json.writeStringField("mac", nic.hardwareAddress().get());
            }
            json.writeArrayFieldStart("addresses");
            for (AssignedAddress address : nic.addressesByFamily()) {
                json.writeStartObject();
                json.writeStringField("family", address.family() == StandardProtocolFamily.INET6 ? "inet6" : "inet");
                json.writeStringField("address", AddressText.of(address.address()));
                json.writeNumberField("prefix_length", address.prefixLength());
                if (address.broadcast().isPresent()) {
                    json.writeStringField("broadcast", AddressText.of(address.broadcast().get()));
                }
                json.writeBooleanField("link_local", address.isLinkLocal());
                json.writeStringField("bind", address.bindText(nic.name()));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** {@code eth0 (index 4): up, broadcast, multicast; MTU 1400; MAC 02:fc:00:00:00:01}. */
    private static String heading(LocalInterface nic) {
        StringBuilder line = new StringBuilder(nic.name());
        nic.index().ifPresent(index -> line.append(" (index ").append(index).append(')'));
        line.append(": ").append(String.join(", ", nic.flags()));
        nic.parent().ifPresent(parent -> line.append("; alias of ").append(parent));
        nic.mtu().ifPresent(mtu -> line.append("; MTU ").append(mtu));
        nic.hardwareAddress().ifPresent(mac -> line.append("; MAC ").append(mac));
        return line.toString();
    }

    /** {@code inet  192.0.2.2/24  broadcast 192.0.2.255}, {@code inet6 fe80::1/64  link-local: bind to fe80::1%eth0}. */
    private static String line(AssignedAddress address, String interfaceName) {
        StringBuilder line = new StringBuilder(address.family() == StandardProtocolFamily.INET6 ? "inet6 " : "inet  ").append(address.cidr());
        address.broadcast().ifPresent(b -> line.append("  broadcast ").append(AddressText.of(b)));
        if (address.isLinkLocal()) {
            line.append("  link-local: bind to ").append(address.bindText(interfaceName));
        }
        return line.toString();
    }
}
