package org.udpkit.server;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** What a server had counted at one moment: an immutable snapshot, summed over its workers. */
public final class ServerCounts {
    private static final ServerCounter[] ALL = ServerCounter.values();
    /** Nothing counted yet. */
    public static final ServerCounts ZERO = new ServerCounts(new long[ALL.length]);

    private final long[] values;

    /** Takes ownership of {@code values}, one per {@link ServerCounter} in declaration order. */
    ServerCounts(long[] values) {
        this.values = values;
    }

    public long get(ServerCounter counter) {
        return values[counter.ordinal()];
    }

    /** These counts added to {@code other}'s. */
    public ServerCounts plus(ServerCounts other) {
        long[] sum = values.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.values[i];
        }
        return new ServerCounts(sum);
    }

    /** Every counter with its value, in declaration order. */
    public Map<ServerCounter, Long> asMap() {
        Map<ServerCounter, Long> map = new EnumMap<>(ServerCounter.class);
        for (ServerCounter counter : ALL) {
            map.put(counter, get(counter));
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * One line for a person, e.g. {@code Received 12 datagrams (340 bytes; 1 empty, 2 not ASCII); replied to 9, dropped 3},
     * then, when any happened, what the loop guards did not answer, what the limits withheld and the faults
     * injected: {@code ; not answered: 1 a reply of the book's protocol; withheld: 2 over the amplification limit}.
     */
    public String summary() {
        long received = get(ServerCounter.RECEIVED);
        StringBuilder line = new StringBuilder()
                .append("Received ").append(received).append(received == 1 ? " datagram" : " datagrams")
                .append(" (").append(get(ServerCounter.BYTES_RECEIVED)).append(" bytes; ")
                .append(get(ServerCounter.EMPTY)).append(" empty, ")
                .append(get(ServerCounter.NOT_ASCII)).append(" not ASCII); ")
                .append("replied to ").append(get(ServerCounter.REPLIED))
                .append(", dropped ").append(get(ServerCounter.DROPPED));
        long rejected = 0;
        for (Rejection why : Rejection.values()) {
            rejected += get(why.counter());
        }
        if (rejected > 0) {
            line.append("; rejected ").append(rejected).append(':');
            String separator = " ";
            for (Rejection why : Rejection.values()) {
                line.append(separator).append(get(why.counter())).append(' ').append(why.counter().label());
                separator = ", ";
            }
        }
        long sendFailures = get(ServerCounter.SEND_FAILURES);
        long receiveFailures = get(ServerCounter.RECEIVE_FAILURES);
        long handlerFailures = get(ServerCounter.HANDLER_FAILURES);
        if (sendFailures + receiveFailures + handlerFailures > 0) {
            line.append("; failures: ").append(sendFailures).append(" sending, ")
                    .append(receiveFailures).append(" receiving, ")
                    .append(handlerFailures).append(" in the handler");
        }
        appendNonZero(line, "; not answered: ", REFUSED);
        appendNonZero(line, "; withheld: ", WITHHELD);
        appendNonZero(line, "; faults: ", FAULTS);
        return line.toString();
    }

    /** The loop guards' refusals, the limits' withheld replies and the injected faults: shown when any happened. */
    private static final ServerCounter[] REFUSED = {ServerCounter.REFUSED_OWN_ADDRESS, ServerCounter.REFUSED_PORT_ZERO,
            ServerCounter.REFUSED_REFLECTOR_PORT, ServerCounter.REFUSED_BOOK_REPLY};
    private static final ServerCounter[] WITHHELD = {ServerCounter.WITHHELD_AMPLIFICATION,
            ServerCounter.WITHHELD_SOURCE_BUDGET, ServerCounter.WITHHELD_PREFIX_BUDGET};
    private static final ServerCounter[] FAULTS = {ServerCounter.FAULT_DROPPED_REPLIES, ServerCounter.FAULT_DELAYED,
            ServerCounter.FAULT_DUPLICATED, ServerCounter.FAULT_REORDERED, ServerCounter.FAULT_DROPPED_REQUESTS,
            ServerCounter.FAULT_DELAYED_REQUESTS, ServerCounter.FAULT_DUPLICATED_REQUESTS,
            ServerCounter.FAULT_REORDERED_REQUESTS, ServerCounter.FAULT_REQUESTS_HANDED_LATE};

    /** {@code ; withheld: 3 over the amplification limit, 1 over the source's budget}, naming the counters that are not 0. */
    private void appendNonZero(StringBuilder line, String heading, ServerCounter[] group) {
        String separator = heading;
        for (ServerCounter counter : group) {
            long value = get(counter);
            if (value != 0) {
                line.append(separator).append(value).append(' ').append(counter.label());
                separator = ", ";
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerCounts counts && Arrays.equals(values, counts.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
