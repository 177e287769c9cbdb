package org.udpkit.perf;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.udpkit.linux.Linux;
import org.udpkit.server.TransportKind;

/**
 * Sends one test's data datagrams at its rate: the pacing ({@link SendLoop}) is shared, the hand-over to the kernel
 * is the transport's: {@code sendmmsg} batches ({@link BatchedSender}) or a JDK channel ({@link ChannelSender}).
 */
public sealed interface PerfSender extends AutoCloseable permits BatchedSender, ChannelSender {
    /**
     * A sender for {@code test}, connected to {@code receiver}: the batched one when {@code transport} is
     * {@link TransportKind#LINUX_BATCHED}, or {@link TransportKind#AUTO} and the native layer can run here.
     *
     * @throws UnsupportedOperationException when {@code offload} or {@code transport} needs the native layer and it
     *                                       cannot run here
     */
    static PerfSender open(InetSocketAddress receiver, TestSettings test, SendOffload offload, TransportKind transport)
            throws IOException {
        return switch (transport) {
            case LINUX_BATCHED -> BatchedSender.open(receiver, test, offload);
            case AUTO -> Linux.isAvailable() ? BatchedSender.open(receiver, test, offload)
                    : ChannelSender.open(receiver, test, offload);
            case JDK -> ChannelSender.open(receiver, test, offload);
        };
    }

    /** Sends for the test's duration at its rate, reporting intervals as they end; returns what was sent. */
    SendSummary run(Intervals intervals) throws IOException;

    /** Which transport sends. */
    TransportKind transport();

    /** The socket's own address (the client's port). */
    InetSocketAddress localAddress() throws IOException;

    @Override
    void close();
}
