package org.udpkit.mtu;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

import org.udpkit.linux.Linux;
import org.udpkit.linux.ProbeSocket;
import org.udpkit.linux.SocketError;
import org.udpkit.net.Endpoints;
import org.udpkit.protocol.LengthProtocol;

import static org.udpkit.linux.LinuxSocketConstants.ECONNREFUSED;
import static org.udpkit.linux.LinuxSocketConstants.EMSGSIZE;

/**
 * Path-MTU discovery that does not need ICMP: datagram packetization-layer PMTU discovery (RFC 8899).
 * Don't-fragment probes of chosen sizes go to a server of the book's protocol, whose answer "Your data was
 * N bytes long" confirms that a probe of N bytes of payload crossed the path; a probe that gets no answer
 * after {@link Settings#maxProbes()} tries, each waited for, did not. ICMP "packet too big" speeds the search
 * up when it comes (read from the error queue, as tracepath reads it), but the result never depends on it:
 * where a firewall drops ICMP (a black hole), silence still says where the path ends.
 *
 * <p>Sizes are whole IP packets (the path MTU), the UDP payload being 28 (IPv4) or 48 (IPv6) bytes less.
 * The search starts with the base size, which every path should carry ({@link #IPV4_BASE}, RFC 8899's
 * BASE_PLPMTU; for IPv6 its minimum MTU, 1280), then the first hop's MTU (the whole path may carry it:
 * one answer ends the search), then walks up the common MTUs ({@link #PLATEAUS}) and, between the last
 * size answered and the first not, searches by halves. Failures cost waits and answers only a round trip,
 * so the walk tries first the sizes most likely to be answered, and the size just above a common MTU.
 * Linux only: it needs IP_PMTUDISC_PROBE and IP_RECVERR.
 */
public final class PathMtuSearch {
    /** IPv4's minimum MTU (RFC 791): the smallest size tried when even the base goes unanswered. */
    public static final int IPV4_MINIMUM = 68;
    /** RFC 8899's BASE_PLPMTU for IPv4: a size nearly every path carries, tried first. */
    public static final int IPV4_BASE = 1200;
    /** IPv6's minimum MTU (RFC 8200): every IPv6 path carries it, so it is the base and the floor. */
    public static final int IPV6_MINIMUM = 1280;
    /** The largest IP packet. */
    public static final int MAX_PACKET = 65_535;
    /** MTUs links commonly have (RFC 1191's plateaus, brought up to date), tried before halving. */
    public static final List<Integer> PLATEAUS = List.of(576, 1280, 1400, 1420, 1450, 1480, 1492, 1500,
            4352, 8192, 9000, 16384, 65_535);

    private PathMtuSearch() {
    }

    /**
     * How hard to try.
     *
     * @param maxProbes how many times a size is sent before its silence counts (RFC 8899's MAX_PROBES, 3)
     * @param firstWait how long to wait for an answer before a round trip has been measured; afterwards
     *                  the wait is three round trips plus 100 ms, never more than this
     */
    public record Settings(int maxProbes, Duration firstWait) {
        public static final int MAX_PROBES_LIMIT = 10;
        public static final Duration MIN_FIRST_WAIT = Duration.ofMillis(10);
        public static final Duration MAX_FIRST_WAIT = Duration.ofSeconds(60);

        public Settings {
            if (maxProbes < 1 || maxProbes > MAX_PROBES_LIMIT) {
                throw new IllegalArgumentException("probes per size must be 1-" + MAX_PROBES_LIMIT + ", not " + maxProbes);
            }
            if (firstWait.compareTo(MIN_FIRST_WAIT) < 0 || firstWait.compareTo(MAX_FIRST_WAIT) > 0) {
                throw new IllegalArgumentException("the first wait must be 0.01-60 seconds, not " + firstWait);
            }
        }

        /** RFC 8899's MAX_PROBES (3), and a second for the first answer. */
        public static Settings defaults() {
            return new Settings(3, Duration.ofSeconds(1));
        }
    }

    /** The family's base size (tried first) and floor (the smallest size tried). */
    static int base(StandardProtocolFamily family) {
        return family == StandardProtocolFamily.INET6 ? IPV6_MINIMUM : IPV4_BASE;
    }

    static int floor(StandardProtocolFamily family) {
        return family == StandardProtocolFamily.INET6 ? IPV6_MINIMUM : IPV4_MINIMUM;
    }

    static int headers(StandardProtocolFamily family) {
        return family == StandardProtocolFamily.INET6 ? 48 : 28;
    }

    /**
     * Searches the path MTU towards {@code responder}, a server of the book's protocol.
     *
     * @throws IOException when the socket cannot be set up or used (not when probes go unanswered: that is a result)
     */
    public static PathMtuResult search(InetSocketAddress responder, Settings settings) throws IOException {
        Optional<String> unsupported = Linux.whyUnavailable();
        if (unsupported.isPresent()) {
            return new PathMtuResult.Unsupported(unsupported.get());
        }
        try (ProbeSocket socket = ProbeSocket.connect(responder)) {
            return new Search(socket, responder, settings).run();
        }
    }

    /** One search's state: what was answered, what was not, what ICMP said. */
    private static final class Search {
        private final ProbeSocket socket;
        private final InetSocketAddress responder;
        private final Settings settings;
        private final StandardProtocolFamily family;
        private final int headers;
        private final long started = System.nanoTime();
        private final TreeSet<Integer> answered = new TreeSet<>();
        private final TreeSet<Integer> unanswered = new TreeSet<>();
        private final TreeSet<Integer> refused = new TreeSet<>();
        private final TreeSet<Integer> tried = new TreeSet<>();
        private final TreeSet<Integer> hints = new TreeSet<>();
        private final List<IcmpReport> icmp = new ArrayList<>();
        private int upper;
        /** The smallest size known not to cross: unanswered, refused by ICMP, or above the first hop. */
        private int ceiling;
        private long slowestRoundTripNanos = -1;
        private int probesSent;
        /** The size being probed now: the probe an ICMP message most likely speaks of. */
        private int probing;
        private Optional<String> unreachable = Optional.empty();

        Search(ProbeSocket socket, InetSocketAddress responder, Settings settings) throws IOException {
            this.socket = socket;
            this.responder = responder;
            this.settings = settings;
            this.family = socket.family();
            this.headers = headers(family);
            this.upper = Math.max(floor(family), Math.min(MAX_PACKET, firstHopMtu()));
            this.ceiling = upper + 1;
        }

        PathMtuResult run() throws IOException {
            OptionalInt next = OptionalInt.of(Math.min(base(family), upper));
            while (next.isPresent() && unreachable.isEmpty()) {
                probe(next.getAsInt());
                next = nextSize();
            }
            OptionalInt largest = largestAnswered();
            if (largest.isEmpty() || unreachable.isPresent()) {
                return new PathMtuResult.NoAnswer(responder, unreachable.orElse("no probe was answered, down to "
                        + tried.first() + " bytes: is a server of the book's protocol there?"), icmp, probesSent);
            }
            return new PathMtuResult.Found(responder, family, largest.getAsInt(), upper, range(unanswered), range(refused), icmp,
                    socket.kernelPathMtu(), probesSent, Duration.ofNanos(System.nanoTime() - started));
        }

        private static Optional<ProbeRange> range(TreeSet<Integer> sizes) {
            return sizes.isEmpty() ? Optional.empty() : Optional.of(new ProbeRange(sizes.first(), sizes.last()));
        }

        private OptionalInt largestAnswered() {
            Integer below = answered.lower(ceiling);
            return below == null ? OptionalInt.empty() : OptionalInt.of(below);
        }

        /** The next size to probe, or none when the answered and the unanswered meet. */
        private OptionalInt nextSize() {
            OptionalInt largest = largestAnswered();
            if (largest.isEmpty()) {
                // Even the base went unanswered: one try at the floor tells a small MTU from a silent responder.
                int floor = floor(family);
                return !tried.contains(floor) && ceiling > floor ? OptionalInt.of(floor) : OptionalInt.empty();
            }
            int low = largest.getAsInt();
            if (ceiling - low <= 1) {
                return OptionalInt.empty();
            }
            if (!tried.contains(upper)) {
                return OptionalInt.of(upper);
            }
            for (int hint : hints.subSet(low, false, ceiling, false)) {
                if (!tried.contains(hint)) {
                    return OptionalInt.of(hint);
                }
            }
            for (int plateau : PLATEAUS) {
                if (plateau > low && plateau < ceiling && !tried.contains(plateau)) {
                    return OptionalInt.of(plateau);
                }
            }
            if ((PLATEAUS.contains(low) || hints.contains(low)) && !tried.contains(low + 1)) {
                return OptionalInt.of(low + 1);
            }
            return halfway(low);
        }

        private OptionalInt halfway(int low) {
            int middle = low + (ceiling - low) / 2;
            return middle > low && middle < ceiling ? OptionalInt.of(middle) : OptionalInt.empty();
        }

        /** Sends a probe of {@code size} bytes up to maxProbes times, until it is answered or refused. */
        private void probe(int size) throws IOException {
            tried.add(size);
            probing = size;
            for (int attempt = 0; attempt < settings.maxProbes(); attempt++) {
                readErrors();
                if (answered.contains(size) || size >= ceiling || unreachable.isPresent()) {
                    return;
                }
                switch (socket.send(size - headers)) {
                    case TOO_BIG_FOR_INTERFACE -> {
                        upper = size - 1;
                        ceiling = Math.min(ceiling, size);
                        readErrors();
                        return;
                    }
                    case ERROR_PENDING -> {
                        // ICMP came in since the last read (a race with readErrors): the destination's answer.
                        readErrors();
                        if (unreachable.isEmpty()) {
                            unreachable = Optional.of("sending a probe of " + size + " bytes failed: unreachable");
                        }
                        return;
                    }
                    case SENT -> {
                    }
                }
                probesSent++;
                long sent = System.nanoTime();
                long deadline = sent + waitNanos();
                while (!answered.contains(size) && size < ceiling && unreachable.isEmpty()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    if (socket.await((int) Math.max(1, left / 1_000_000))) {
                        takeAll(size, sent);
                    }
                }
                if (answered.contains(size) || size >= ceiling || unreachable.isPresent()) {
                    return;
                }
            }
            unanswered.add(size);
            ceiling = Math.min(ceiling, size);
        }

        private long waitNanos() {
            long first = settings.firstWait().toNanos();
            return slowestRoundTripNanos < 0 ? first
                    : Math.min(first, 3 * slowestRoundTripNanos + Duration.ofMillis(100).toNanos());
        }

        /** Reads every answer and error queued; an answer to an earlier, given-up size counts too. */
        private void takeAll(int size, long sent) throws IOException {
            while (true) {
                switch (socket.receive()) {
                    case ProbeSocket.Receipt.Datagram datagram -> {
                        OptionalInt length = LengthProtocol.parseReply(
                                socket.data().asSlice(0, datagram.length()).asByteBuffer());
                        if (length.isPresent() && length.getAsInt() + headers == size) {
                            slowestRoundTripNanos = Math.max(slowestRoundTripNanos, System.nanoTime() - sent);
                        }
                        length.ifPresent(payload -> confirm(payload + headers));
                    }
                    case ProbeSocket.Receipt.ErrorPending pending -> readErrors();
                    case ProbeSocket.Receipt.Nothing nothing -> {
                        readErrors();
                        return;
                    }
                }
            }
        }

        /** A size answered: it crossed, even if we had given up on it (its answer was late). */
        private void confirm(int size) {
            if (!tried.contains(size)) {
                return;  // not one of ours
            }
            answered.add(size);
            unanswered.headSet(size, true).clear();
            if (ceiling <= size) {
                Integer above = unanswered.higher(size);
                ceiling = Math.min(above == null ? upper + 1 : above, refusedAbove(size));
            }
        }

        private int refusedAbove(int size) {
            return icmp.stream().filter(IcmpReport.PacketTooBig.class::isInstance)
                    .mapToInt(r -> ((IcmpReport.PacketTooBig) r).mtu() + 1)
                    .filter(limit -> limit > size).min().orElse(upper + 1);
        }

        private void readErrors() throws IOException {
            for (Optional<SocketError> error = socket.readError(); error.isPresent(); error = socket.readError()) {
                take(error.get());
            }
        }

        private void take(SocketError error) {
            Optional<InetAddress> from = error.offender();
            if (error.errno() == EMSGSIZE && error.info() > 0) {
                int mtu = error.info();
                if (error.isPacketTooBig()) {
                    icmp.add(new IcmpReport.PacketTooBig(from, probing, mtu));
                    if (probing > mtu) {
                        refused.add(probing);
                    }
                }
                if (mtu >= floor(family) && mtu < ceiling) {
                    ceiling = Math.max(mtu + 1, largestAnswered().orElse(0) + 1);
                    hints.add(mtu);
                }
            } else if (error.fromIcmp()) {
                String what = error.errno() == ECONNREFUSED
                        ? "port unreachable: nothing listens on " + Endpoints.format(responder)
                        : "unreachable (" + Linux.strerror(error.errno()) + ", ICMP type " + error.type()
                                + " code " + error.code() + ")";
                IcmpReport.Unreachable report = new IcmpReport.Unreachable(from, what);
                icmp.add(report);
                unreachable = Optional.of(report.fromText().map(a -> a + " says ").orElse("") + what);
            }
        }

        /** The MTU of the interface that holds our address for this peer; the kernel's route MTU otherwise. */
        private int firstHopMtu() throws IOException {
            InetAddress local = socket.localAddress().getAddress();
            try {
                NetworkInterface outgoing = NetworkInterface.getByInetAddress(local);
                if (outgoing != null && outgoing.getMTU() > 0) {
                    return outgoing.getMTU();
                }
            } catch (SocketException e) {
                // fall through to the kernel's figure
            }
            return socket.kernelPathMtu();
        }
    }
}
