package org.udpkit.book;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.ForwardingHandler;
import org.udpkit.protocol.ReceivedDatagram;
import org.udpkit.server.HandlerCounters;

/**
 * udp_remote.py's unreliable server: ignores a fraction of requests, saying
 * {@code Pretending to drop packet from ...}, and passes the rest on. Seeded, so a run can be repeated.
 */
public final class LossyHandler extends ForwardingHandler {
    private final double dropProbability;
    private final SplittableRandom random;
    private final Consumer<String> out;
    private final HandlerCounters counters;

    public LossyHandler(DatagramHandler next, double dropProbability, long seed, Consumer<String> out,
                        HandlerCounters counters) {
        super(next);
        this.dropProbability = checkProbability(dropProbability);
        this.random = new SplittableRandom(seed);
        this.out = out;
        this.counters = counters;
    }

    /** Returns {@code p} when it is a probability, 0 to 1. */
    public static double checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("the drop probability must be between 0 and 1, not " + p);
        }
        return p;
    }

    @Override
    public boolean handle(ReceivedDatagram request, ByteBuffer reply) {
        if (random.nextDouble() < dropProbability) {
            counters.countDropped();
            out.accept(BookLines.pretendingToDrop(request.sender()));
            return false;
        }
        return next.handle(request, reply);
    }

}
