package org.udpkit.options;

import java.io.IOException;
import java.net.StandardProtocolFamily;

import org.udpkit.linux.Linux;
import org.udpkit.linux.LinuxSocket;
import org.udpkit.linux.NativeSocketException;

import static org.udpkit.linux.LinuxSocketConstants.EINVAL;
import static org.udpkit.linux.LinuxSocketConstants.ENOPROTOOPT;

/** Options read and written with getsockopt/setsockopt on a {@link LinuxSocket}. */
final class LinuxOptionAccess implements OptionAccess {
    private final LinuxSocket socket;

    LinuxOptionAccess(StandardProtocolFamily family) throws IOException {
        this.socket = LinuxSocket.openUdp(family);
    }

    @Override
    public boolean reaches(UdpSocketOption option) {
        return true;
    }

    @Override
    public int get(UdpSocketOption option) throws IOException {
        try {
            return socket.getInt(option.level().number(), option.number());
        } catch (NativeSocketException e) {
            throw new OptionUnavailableException(e.errno() == ENOPROTOOPT
                    ? new OptionValue.NotSupported()
                    : new OptionValue.Unavailable(Linux.strerror(e.errno())));
        }
    }

    @Override
    public void set(UdpSocketOption option, int value) throws IOException {
        try {
            socket.setInt(option.level().number(), option.number(), value);
        } catch (NativeSocketException e) {
            String what = "setting " + option.name() + " to " + value;
            if (e.errno() == EINVAL) {
                throw new IllegalArgumentException("the kernel refused " + what + " as an invalid value", e);
            }
            if (e.errno() == ENOPROTOOPT) {
                throw new IOException(what + ": this kernel does not support " + option.name(), e);
            }
            throw new NativeSocketException(what, e.errno());
        }
    }

    @Override
    public OptionSource source() {
        return OptionSource.LINUX_GETSOCKOPT;
    }

    @Override
    public void close() {
        socket.close();
    }
}
