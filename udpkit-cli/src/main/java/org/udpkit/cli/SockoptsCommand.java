package org.udpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import org.udpkit.options.OptionFamilyMismatchException;
import org.udpkit.options.OptionLevel;
import org.udpkit.options.OptionReading;
import org.udpkit.options.OptionSetting;
import org.udpkit.options.OptionValue;
import org.udpkit.options.SocketOptionInspector;
import org.udpkit.options.UnknownOptionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** getsockopt and setsockopt: what a fresh UDP socket's options are, and what setting one really does. */
@Command(name = "sockopts",
        description = {"List a fresh UDP socket's options and their values (getsockopt); with --set, set some "
                + "first (setsockopt) and show what they really became.",
                "Options this kernel does not know are shown as 'not supported'."})
final class SockoptsCommand extends UdpkitCommand {
    @Option(names = "--set", paramLabel = "NAME=VALUE", converter = SettingConverter.class,
            description = "set an option before reading, e.g. SO_RCVBUF=100000, IP_TOS=0x10, SO_BROADCAST=on, "
                    + "IP_MTU_DISCOVER=do; repeat for several, applied in order")
    List<OptionSetting> settings = new ArrayList<>();
    @Mixin
    FamilyOption family;
    @Mixin
    JsonOption output;

    @Override
    public Integer call() throws Exception {
        List<OptionReading> readings;
        try {
            readings = SocketOptionInspector.inspect(family.family(), settings);
        } catch (OptionFamilyMismatchException e) {
            throw new UsageException(e.getMessage() + (e.socketFamily() == StandardProtocolFamily.INET6 ? ": drop -6" : ": add -6"), e);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        PrintWriter out = out();
        if (output.json) {
            Json.write(out, json -> writeJson(json, readings));
            return ExitCodes.OK;
        }
        out.println("Options of a fresh " + (family.ipv6 ? "IPv6" : "IPv4") + " UDP socket, "
                + switch (SocketOptionInspector.source()) {
                    case LINUX_GETSOCKOPT -> "read with getsockopt:";
                    case JDK_CHANNEL -> "as the JDK's DatagramChannel reports them (getsockopt is only called on Linux):";
                });
        int width = readings.stream().mapToInt(r -> r.option().name().length()).max().orElse(0);
        OptionLevel level = null;
        for (OptionReading reading : readings) {
            if (reading.option().level() != level) {
                level = reading.option().level();
                out.println(level.name());
            }
            out.println("  " + pad(reading.option().name(), width) + " = " + reading.describe());
        }
        return ExitCodes.OK;
    }

    private void writeJson(JsonGenerator json, List<OptionReading> readings) throws IOException {
        json.writeStartObject();
        json.writeStringField("family", family.ipv6 ? "inet6" : "inet");
        json.writeStringField("source", switch (SocketOptionInspector.source()) {
            case LINUX_GETSOCKOPT -> "getsockopt";
            case JDK_CHANNEL -> "jdk";
        });
        json.writeArrayFieldStart("options");
        for (OptionReading reading : readings) {
            json.writeStartObject();
            json.writeStringField("name", reading.option().name());
            json.writeStringField("level", reading.option().level().name());
            switch (reading.value()) {
                case OptionValue.Known(int value) -> {
                    json.writeNumberField("value", value);
                    json.writeStringField("shown", reading.shownValue());
                }
                case OptionValue.NotSupported() -> json.writeStringField("status", "not_supported");
                case OptionValue.Unavailable(String reason) -> {
                    json.writeStringField("status", "unavailable");
                    json.writeStringField("reason", reason);
                }
            }
            if (reading.asked().isPresent()) {
                json.writeNumberField("asked", reading.asked().get().value());
                if (reading.asked().get().adjustment().isPresent()) {
                    json.writeStringField("adjustment", reading.asked().get().adjustment().get());
                }
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    /** {@code NAME=VALUE} into a setting, or a sentence saying why not (exit 2). */
    static final class SettingConverter implements CommandLine.ITypeConverter<OptionSetting> {
        @Override
        public OptionSetting convert(String value) {
            try {
                return OptionSetting.parse(value);
            } catch (UnknownOptionException e) {
                throw new CommandLine.TypeConversionException(
                        e.getMessage() + "; 'udpkit sockopts' lists the names (add -6 for IPv6 ones)");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
