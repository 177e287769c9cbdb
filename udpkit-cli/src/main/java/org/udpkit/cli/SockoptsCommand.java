package org.udpkit.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.udpkit.options.OptionLevel;
import org.udpkit.options.OptionReading;
import org.udpkit.options.OptionSetting;
import org.udpkit.options.SocketOptionInspector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** getsockopt and setsockopt: what a fresh UDP socket's options are, and what setting one really does. */
@Command(name = "sockopts", mixinStandardHelpOptions = true,
        description = {"List a fresh UDP socket's options and their values (getsockopt); with --set, set some "
                + "first (setsockopt) and show what they really became.",
                "Options this kernel does not know are shown as 'not supported'."})
final class SockoptsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--set", paramLabel = "NAME=VALUE", converter = SettingConverter.class,
            description = "set an option before reading, e.g. SO_RCVBUF=100000, IP_TOS=0x10, SO_BROADCAST=on, "
                    + "IP_MTU_DISCOVER=do; repeat for several, applied in order")
    List<OptionSetting> settings = new ArrayList<>();
    @Option(names = {"-6", "--ipv6"}, description = "an IPv6 socket, with the IPv6 options instead of the IPv4 ones")
    boolean ipv6;

    @Override
    public Integer call() throws Exception {
        List<OptionReading> readings;
        try {
            readings = SocketOptionInspector.inspect(ipv6, settings);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Options of a fresh " + (ipv6 ? "IPv6" : "IPv4") + " UDP socket, "
                + (SocketOptionInspector.readsLinuxOptions()
                        ? "read with getsockopt:"
                        : "as the JDK's DatagramChannel reports them (getsockopt is only called on Linux):"));
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

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    /** {@code NAME=VALUE} into a setting, or a sentence saying why not (exit 2). */
    static final class SettingConverter implements CommandLine.ITypeConverter<OptionSetting> {
        @Override
        public OptionSetting convert(String value) {
            try {
                return OptionSetting.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
