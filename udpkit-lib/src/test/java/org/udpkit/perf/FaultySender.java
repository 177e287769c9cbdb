package org.udpkit.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded sender that loses, duplicates and reorders on purpose: the arrival order of sequences 0 .. count-1
 * after dropping each with probability {@code drop}, sending each again with {@code duplicate}, and moving each
 * later by up to {@code maxDisplacement} places with {@code reorder}. The same seed gives the same order.
 */
record FaultySender(long seed, int count, double drop, double duplicate, double reorder, int maxDisplacement) {
    List<Long> arrivals() {
        Random random = new Random(seed);
        List<Long> order = new ArrayList<>();
        for (long sequence = 0; sequence < count; sequence++) {
            if (random.nextDouble() < drop) {
                continue;
            }
            order.add(sequence);
            if (random.nextDouble() < duplicate) {
                order.add(sequence);
            }
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            if (random.nextDouble() < reorder) {
                int to = Math.min(order.size() - 1, i + 1 + random.nextInt(maxDisplacement));
                order.add(to, order.remove(i));
            }
        }
        return order;
    }
}
