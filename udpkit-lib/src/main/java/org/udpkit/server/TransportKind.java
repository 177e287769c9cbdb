package org.udpkit.server;

/** Which socket I/O a server uses. */
public enum TransportKind {
    /** The fastest one this system supports: {@link #LINUX_BATCHED} on Linux, else {@link #JDK}. */
    AUTO("auto"),
    /** recvmmsg/sendmmsg through java.lang.foreign, batches of datagrams per system call; Linux only. */
    LINUX_BATCHED("linux-batched"),
    /** The portable JDK DatagramChannel transport. */
    JDK("jdk-channel");

    private final String label;

    TransportKind(String label) {
        this.label = label;
    }

    /** {@code linux-batched}, {@code jdk-channel}: how reports name it. */
    public String label() {
        return label;
    }
}
