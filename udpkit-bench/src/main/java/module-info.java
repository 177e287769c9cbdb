/**
 * JMH microbenchmarks of udpkit's hot pieces, and the Netty comparator server of bench/run.
 *
 * <p>A module so that the library's one qualified export, {@code org.udpkit.linux} (struct layouts and
 * system calls, which {@code DatagramBatchBenchmark} fills in by hand), is checked when this compiles:
 * no other module may use it. The shaded jar, {@code udpkit-benchmarks.jar}, still runs on the class
 * path ({@code java -jar}), where JMH expects to find its generated code; this descriptor is left out of it.
 */
@SuppressWarnings("requires-automatic") // jmh-core: there is no modular release of it to require
module org.udpkit.bench {
    requires org.udpkit;
    // An automatic module, named from its jar's file name (jmh-core-1.37.jar): JMH declares no module name.
    requires jmh.core;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
}
