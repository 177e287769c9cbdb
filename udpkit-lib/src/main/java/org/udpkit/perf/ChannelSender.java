package org.udpkit.perf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.udpkit.net.Endpoints;
import org.udpkit.server.TransportKind;

/**
 * The portable sender: a connected JDK {@link DatagramChannel}, one {@code write} per datagram, from one direct
 * buffer whose header is written once and stamped per datagram. For systems without the native layer; slower than
 * {@link BatchedSender} by a system call per datagram, and without offload.
 */
public final class ChannelSender implements PerfSender {
    /** As much as the batched sender asks for. */
    private static final int SEND_BUFFER_BYTES = 8 << 20;
    /** Datagrams per pacing step: as many as a batched call, so that pacing behaves the same. */
    private static final int PER_CALL = BatchedSender.BATCH;

    private final DatagramChannel channel;
    private final TestSettings test;
    private final ByteBuffer datagram;
    private final MemorySegment header;
    private long refused;

    private ChannelSender(DatagramChannel channel, TestSettings test) {
        this.channel = channel;
        this.test = test;
        this.datagram = ByteBuffer.allocateDirect(test.size());
        this.header = MemorySegment.ofBuffer(datagram);
        PerfWire.writeHeader(header, PerfWire.Kind.DATA, test.streamId());
    }

    /**
     * A sender for {@code test}, connected to {@code receiver}.
     *
     * @throws UnsupportedOperationException for {@link SendOffload#GSO}, which needs the native layer
     */
    public static ChannelSender open(InetSocketAddress receiver, TestSettings test, SendOffload offload)
            throws IOException {
        if (offload != SendOffload.NONE) {
            throw new UnsupportedOperationException(offload + " needs the Linux batched transport");
        }
        DatagramChannel channel = DatagramChannel.open(Endpoints.familyOf(receiver.getAddress()));
        try {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
            channel.connect(receiver);
            return new ChannelSender(channel, test);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public SendSummary run(Intervals intervals) throws IOException {
        return SendLoop.run(test, intervals, new SendLoop.Outlet() {
            @Override
            public int perCall() {
                return PER_CALL;
            }

            @Override
            public int send(long first, int count, long nowNanos) throws IOException {
                for (int i = 0; i < count; i++) {
                    PerfWire.stamp(header, first + i, nowNanos);
                    try {
                        if (channel.write(datagram.clear()) == 0) {
                            return i; // the queue is full: the loop tries again
                        }
                    } catch (PortUnreachableException e) {
                        refused++; // an earlier datagram found nobody listening: as ECONNREFUSED on Linux
                        return i;
                    }
                }
                return count;
            }

            @Override
            public long refused() {
                return refused;
            }
        });
    }

    @Override
    public TransportKind transport() {
        return TransportKind.JDK;
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing to do about a channel that will not close; it is gone either way.
        }
    }
}
