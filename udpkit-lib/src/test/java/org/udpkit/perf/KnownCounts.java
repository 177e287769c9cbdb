package org.udpkit.perf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What RFC 4737 and plain counting say about an arrival order, computed the slow, obvious way. */
record KnownCounts(long received, long duplicates, long reordered, long extentMax, long extentSum) {
    static KnownCounts of(List<Long> arrivals) {
        Set<Long> seen = new HashSet<>();
        List<Long> distinct = new ArrayList<>();
        long duplicates = 0;
        long reordered = 0;
        long extentMax = 0;
        long extentSum = 0;
        long nextKnownCounts = 0;
        for (long sequence : arrivals) {
            if (!seen.add(sequence)) {
                duplicates++;
                continue;
            }
            int index = distinct.size();
            if (sequence < nextKnownCounts) {
                reordered++;
                int earliest = 0;
                while (distinct.get(earliest) <= sequence) {
                    earliest++;
                }
                extentMax = Math.max(extentMax, index - earliest);
                extentSum += index - earliest;
            } else {
                nextKnownCounts = sequence + 1;
            }
            distinct.add(sequence);
        }
        return new KnownCounts(distinct.size(), duplicates, reordered, extentMax, extentSum);
    }
}
