package org.udpkit.options;

/** An option and the value to set it to, as {@code NAME=VALUE} on a command line. */
public record OptionSetting(UdpSocketOption option, int value) {
    /**
     * Reads {@code NAME=VALUE}, e.g. {@code SO_RCVBUF=100000}, {@code IP_MTU_DISCOVER=do}, {@code SO_BROADCAST=on}.
     *
     * @throws UnknownOptionException when no option has that name
     * @throws IllegalArgumentException with a sentence for the user: read-only option, bad value
     */
    public static OptionSetting parse(String text) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not NAME=VALUE, e.g. SO_RCVBUF=100000");
        }
        String name = text.substring(0, equals).strip();
        UdpSocketOption option = UdpSocketOptions.named(name).orElseThrow(() -> new UnknownOptionException(name));
        if (!option.settable()) {
            throw new IllegalArgumentException(option.name() + " is read-only: the kernel only reports it");
        }
        try {
            return new OptionSetting(option, option.format().parse(text.substring(equals + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad value for " + option.name() + ": " + e.getMessage(), e);
        }
    }
}
