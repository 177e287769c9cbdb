package org.udpkit.request;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.udpkit.protocol.SharedKey;

/**
 * How a {@link Requester} works.
 *
 * @param key           with a key every request and reply carries an HMAC-SHA256 tag, and a reply without a
 *                      valid one is never accepted; without, replies are matched by ID and source only
 * @param retransmission when to send a request again
 * @param deadline      how long a request is tried in all, from its first send
 * @param concurrency   requests in flight at once, on the one socket
 * @param connection    connected (the default) or not
 */
public record RequestSettings(Optional<SharedKey> key, RetransmissionPolicy retransmission, Duration deadline,
                              int concurrency, Connection connection) {
    /** The most requests in flight at once. */
    public static final int MAX_CONCURRENCY = 65_536;
    /** The longest deadline. */
    public static final Duration MAX_DEADLINE = Duration.ofHours(1);

    public RequestSettings {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(retransmission, "retransmission");
        Objects.requireNonNull(connection, "connection");
        if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(MAX_DEADLINE) > 0) {
            throw new IllegalArgumentException("the deadline must be more than 0 and at most an hour, not " + deadline);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency must be from 1 to " + MAX_CONCURRENCY + ", not " + concurrency);
        }
    }

    /** No key, the adaptive timeout, a 10 s deadline, one request at a time, connected. */
    public static RequestSettings defaults() {
        return new RequestSettings(Optional.empty(), RetransmissionPolicy.Adaptive.defaults(), Duration.ofSeconds(10), 1,
                Connection.CONNECTED);
    }

    public RequestSettings withKey(SharedKey newKey) {
        return new RequestSettings(Optional.of(newKey), retransmission, deadline, concurrency, connection);
    }

    public RequestSettings withRetransmission(RetransmissionPolicy policy) {
        return new RequestSettings(key, policy, deadline, concurrency, connection);
    }

    public RequestSettings withDeadline(Duration newDeadline) {
        return new RequestSettings(key, retransmission, newDeadline, concurrency, connection);
    }

    public RequestSettings withConcurrency(int newConcurrency) {
        return new RequestSettings(key, retransmission, deadline, newConcurrency, connection);
    }

    public RequestSettings withConnection(Connection newConnection) {
        return new RequestSettings(key, retransmission, deadline, concurrency, newConnection);
    }
}
