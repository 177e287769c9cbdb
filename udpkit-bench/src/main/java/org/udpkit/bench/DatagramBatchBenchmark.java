package org.udpkit.bench;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.udpkit.linux.DatagramBatch;
import org.udpkit.linux.MessageHeaderLayout;
import org.udpkit.linux.MessageVector;
import org.udpkit.linux.SocketAddressLayout;
import org.udpkit.protocol.LengthProtocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The Java work the batched server does per datagram between its two system calls: hand each received
 * slot to the book's protocol and lay out the reply record. Nanoseconds per datagram; the kernel's share
 * (recvmmsg + sendmmsg, a few microseconds per batch) is measured by bench/run instead.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// JMH forks its JVM on the class path of udpkit-benchmarks.jar: the library runs in the unnamed module there.
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DatagramBatchBenchmark {
    private static final int BATCH = DatagramBatch.DEFAULT_CAPACITY;

    @Param({"64", "1472"})
    int requestBytes;

    private Arena arena;
    private DatagramBatch batch;
    private final LengthProtocol protocol = new LengthProtocol();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        arena = Arena.ofConfined();
        batch = DatagramBatch.allocate(arena, BATCH, DatagramBatch.SLOT_SIZE);
        MessageVector received = batch.received();
        InetSocketAddress sender = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_000);
        for (int i = 0; i < BATCH; i++) {
            // What recvmmsg would leave: the datagram's length and its sender's address.
            MessageHeaderLayout.MSG_LEN.set(received.headers(), i * MessageHeaderLayout.MMSGHDR.byteSize(), requestBytes);
            int length = SocketAddressLayout.write(sender, received.address(i));
            MessageHeaderLayout.MSG_NAMELEN.set(received.headers(), i * MessageHeaderLayout.MMSGHDR.byteSize(), length);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int handleAFullBatch() {
        int answered = batch.handle(BATCH, protocol);
        // What the transport counts once per batch, so that the figure includes it.
        return answered + (int) batch.bytes() + batch.empty() + batch.handlerFailures();
    }
}
