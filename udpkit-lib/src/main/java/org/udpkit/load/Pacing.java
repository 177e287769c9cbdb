package org.udpkit.load;

/**
 * How fast the load generator sends: a closed loop measures what a server can take, an open loop
 * measures how it answers a given offered load. The two are different experiments, not two values of
 * one rate, so each is its own type with its own checks.
 */
public sealed interface Pacing {

    /** Requests in flight at most, in all, spread over the sockets. */
    int maxInFlight();

    /**
     * Keep {@code window} requests in flight: send again as soon as replies come back (1 is ping-pong).
     *
     * @param window requests in flight at most, in all
     */
    record ClosedLoop(int window) implements Pacing {
        public ClosedLoop {
            if (window < 1) {
                throw new IllegalArgumentException("the window must be at least 1, not " + window);
            }
        }

        @Override
        public int maxInFlight() {
            return window;
        }
    }

    /**
     * Send {@code requestsPerSecond} whatever comes back, so a stalled server shows in the round-trip
     * times instead of slowing the load down (no coordinated omission).
     *
     * @param requestsPerSecond the offered load, in all
     * @param maxInFlight       requests in flight at most, in all: past it, due requests wait for room
     */
    record OpenLoop(double requestsPerSecond, int maxInFlight) implements Pacing {
        public OpenLoop {
            if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
                throw new IllegalArgumentException("the rate must be positive and finite, not " + requestsPerSecond);
            }
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("requests in flight at most must be at least 1, not " + maxInFlight);
            }
        }
    }
}
