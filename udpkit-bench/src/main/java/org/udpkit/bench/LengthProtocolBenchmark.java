package org.udpkit.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.udpkit.protocol.LengthProtocol;

/** The book's reply, written and read back without allocating: what server and load generator do per datagram. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LengthProtocolBenchmark {
    @Param({"0", "64", "65507"})
    int requestBytes;

    private final ByteBuffer reply = ByteBuffer.allocateDirect(LengthProtocol.MAX_REPLY_LENGTH);

    @Benchmark
    public int writeReply() {
        reply.clear();
        LengthProtocol.writeReply(requestBytes, reply);
        return reply.position();
    }

    @Benchmark
    public boolean writeAndCheckReply() {
        reply.clear();
        LengthProtocol.writeReply(requestBytes, reply);
        reply.flip();
        return LengthProtocol.isReplyTo(reply, requestBytes);
    }
}
