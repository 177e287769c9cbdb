/**
 * udpkit: the UDP programs of Foundations of Python Network Programming, chapter 2, as a library.
 *
 * <p>Depends on nothing but {@code java.base} (it logs through {@link System.Logger}). On Linux it calls
 * the C library through {@code java.lang.foreign}, which the JVM allows only to modules granted native
 * access: run with {@code --enable-native-access=org.udpkit} (or {@code ALL-UNNAMED} when the jar is on
 * the class path). Without it every feature still works through the JDK's portable channels, except
 * those only Linux offers (path MTU discovery, the recvmmsg load generator), which say why.
 *
 * <p>{@code org.udpkit.linux} holds the raw system calls, the public handles on struct layouts and the
 * batch internals ({@code DatagramBatch}): it is not API, and is exported only to the JMH benchmarks,
 * which time its pieces.
 */
@SuppressWarnings("module") // org.udpkit.bench, the target of a qualified export, is built after this module
module org.udpkit {
    exports org.udpkit.book;
    exports org.udpkit.client;
    exports org.udpkit.load;
    exports org.udpkit.mtu;
    exports org.udpkit.net;
    exports org.udpkit.options;
    exports org.udpkit.perf;
    exports org.udpkit.protocol;
    exports org.udpkit.request;
    exports org.udpkit.server;
    exports org.udpkit.services;

    exports org.udpkit.linux to org.udpkit.bench;
}
