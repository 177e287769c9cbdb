package org.udpkit.server;

import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import org.udpkit.linux.ReplyGate;
import org.udpkit.linux.SocketAddressLayout;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.LengthProtocol;
import org.udpkit.protocol.ReceivedDatagram;

/**
 * A worker's guards around its handler, the same on both transports: the loop guards (never answer our own
 * address and port, port 0, a reflecting service's port, or a reply of the book's protocol), the
 * amplification cap and the per-source and per-prefix reply budgets of {@link ReplyLimits}, then the
 * injected faults of {@link Faults} on the replies; before all these, the injected faults on the requests. Every refusal is counted as the {@link ServerCounter} that says why.
 *
 * <p>The batched transport hands it the sender's sockaddr where the kernel left it; the JDK transport the
 * {@link InetSocketAddress} its channel returned, read again only when the channel hands a new one (it
 * keeps the last while the sender stays the same). Either way a source is an IPv6 address as two longs,
 * IPv4 mapped, looked up in fixed-size {@link SourceTable}s: nothing is allocated per datagram. One
 * worker's thread only.
 */
final class ReplyGuard implements ReplyGate {
    /** Sources remembered per worker for the amplification cap: about 1.6 MiB of table (50 bytes an entry). */
    static final int SOURCE_CAPACITY = 1 << 15;
    /** The low 8 bits of a mapped IPv4 address: the host within its /24. */
    private static final long IPV4_HOST_BITS = 0xFF;
    /** The low 8 bits of an IPv6 address's first 64: the subnets within its /56. */
    private static final long IPV6_SUBNET_BITS = 0xFF;

    private final WorkerCounters counters;
    private final ReplyLimits limits;
    private final NanoClock clock;
    private final FaultStage faults;
    private final RequestFaultStage requestFaults;
    private final boolean boundToLoopback;
    private final long ownHigh;
    private final long ownLow;
    private final int ownPort;
    /** Our addresses when bound to the wildcard: any of them with our port is us. */
    private final long[] localHigh;
    private final long[] localLow;
    /** This worker's sources, for the amplification cap: a worker sees all it replies to. */
    private final SourceTable sources;
    /** The server's budgets, shared with its other workers. */
    private final ReplyBudgets budgets;

    // The datagram being handled.
    private long high;
    private long low;
    private int slot;
    private long now;
    private boolean capped;
    private boolean budgeted;
    private MemorySegment senderSockaddr = MemorySegment.NULL;
    private InetSocketAddress lastSender;

    /** A lone worker's guard, with budgets of its own. */
    ReplyGuard(InetSocketAddress local, ReplyLimits limits, FaultStage faults, WorkerCounters counters, NanoClock clock) {
        this(local, limits, new ReplyBudgets(limits, local), RequestFaultStage.NONE,
                faults, counters, clock);
    }

    ReplyGuard(InetSocketAddress local, ReplyLimits limits, ReplyBudgets budgets, RequestFaultStage requestFaults,
               FaultStage faults, WorkerCounters counters, NanoClock clock) {
        this.counters = counters;
        this.requestFaults = requestFaults;
        this.limits = limits;
        this.clock = clock;
        this.faults = faults;
        InetAddress address = local.getAddress();
        this.boundToLoopback = address.isLoopbackAddress();
        this.ownPort = local.getPort();
        long[] own = key(address);
        this.ownHigh = own[0];
        this.ownLow = own[1];
        List<long[]> locals = address.isAnyLocalAddress() ? localAddresses() : List.of();
        this.localHigh = locals.stream().mapToLong(k -> k[0]).toArray();
        this.localLow = locals.stream().mapToLong(k -> k[1]).toArray();
        // Full tables only where a limit can apply: a loopback server with the defaults keeps its small heap.
        this.sources = new SourceTable(limits.amplification().canApply(boundToLoopback) ? SOURCE_CAPACITY
                : SourceTable.PROBE);
        this.budgets = budgets;
    }

    /**
     * The loop guards, the reply limits and the faults of worker {@code index} at {@code local}, counting in
     * {@code counters}, spending from the server's {@code budgets}.
     */
    static ReplyGuard forWorker(InetSocketAddress local, ServerOptions options, ReplyBudgets budgets, int index,
                                WorkerCounters counters) {
        FaultStage faults = options.replyFaults().<FaultStage>map(f -> new FaultyReplies(f, index, counters))
                .orElse(FaultStage.NONE);
        RequestFaultStage requestFaults = options.requestFaults()
                .<RequestFaultStage>map(f -> new FaultyRequests(f, index, counters)).orElse(RequestFaultStage.NONE);
        return new ReplyGuard(local, options.limits(), budgets, requestFaults, faults, counters, NanoClock.SYSTEM);
    }

    /** The batched transport's datagram, from the sockaddr the kernel wrote. */
    @Override
    public boolean admitRequest(MemorySegment sender, ByteBuffer request) {
        senderSockaddr = sender;
        if (!requestFaults.admit(request, this)) {
            return false;
        }
        high = SocketAddressLayout.addressHigh(sender);
        low = SocketAddressLayout.addressLow(sender);
        return admit(SocketAddressLayout.port(sender), request);
    }

    /** The JDK transport's datagram. */
    boolean admitRequest(InetSocketAddress sender, ByteBuffer request) {
        return requestFaults.admit(request, from(sender)) && admit(sender.getPort(), request);
    }

    /** A request the request faults held, handed to the handler now: the guards again, not the faults. */
    boolean admitHeldRequest(InetSocketAddress sender, ByteBuffer request) {
        return from(sender).admit(sender.getPort(), request);
    }

    /** Takes {@code sender} as the datagram's; returns this. */
    private ReplyGuard from(InetSocketAddress sender) {
        senderSockaddr = MemorySegment.NULL;
        if (sender != lastSender) {
            // A new object means a new sender: the channel hands back the last one while it stays the same.
            long[] key = key(sender.getAddress());
            high = key[0];
            low = key[1];
            lastSender = sender;
        }
        return this;
    }

    private boolean admit(int port, ByteBuffer request) {
        if (port == 0) {
            counters.increment(ServerCounter.REFUSED_PORT_ZERO);
            return false;
        }
        if (port == ownPort && isOwnAddress()) {
            counters.increment(ServerCounter.REFUSED_OWN_ADDRESS);
            return false;
        }
        if (limits.reflectorPorts() == ReflectorPorts.REFUSED && ReflectorPorts.isReflector(port)) {
            counters.increment(ServerCounter.REFUSED_REFLECTOR_PORT);
            return false;
        }
        if (LengthProtocol.isReply(request)) {
            counters.increment(ServerCounter.REFUSED_BOOK_REPLY);
            return false;
        }
        boolean loopbackSource = isLoopback(high, low);
        capped = limits.amplification().appliesTo(boundToLoopback, loopbackSource);
        budgeted = limits.budget().appliesTo(boundToLoopback, loopbackSource);
        if (capped || budgeted) {
            now = clock.nanoTime();
        }
        if (capped) {
            slot = sources.locate(high, low, now);
            sources.addReceived(slot, request.remaining());
        }
        return true;
    }

    /**
     * Lets {@code handler} answer {@code request} (admitted just before) into {@code reply}, cleared here; returns
     * whether the reply may go: the handler chose to answer, did not throw (a throw is counted as a handler failure)
     * and {@link #admitReply} lets it. For the transports that take one datagram at a time and for held requests;
     * the batched transport does the same per slot in {@code DatagramBatch}, counting failures per batch.
     */
    boolean answer(DatagramHandler handler, ReceivedDatagram request, ByteBuffer reply) {
        reply.clear();
        boolean send;
        boolean proven;
        try {
            send = handler.handle(request, reply);
            proven = send && handler.sourceProven();
        } catch (RuntimeException e) {
            counters.increment(ServerCounter.HANDLER_FAILURES);
            return false;
        }
        return send && admitReply(reply, proven);
    }

    @Override
    public boolean admitReply(ByteBuffer reply, boolean sourceProven) {
        int length = reply.position();
        if (capped) {
            if (sourceProven) {
                sources.prove(slot);
            } else if (!sources.withinAmplification(slot, length, ReplyLimits.AMPLIFICATION_FACTOR)) {
                counters.increment(ServerCounter.WITHHELD_AMPLIFICATION);
                return false;
            }
        }
        if (budgeted) {
            boolean ipv4 = isMappedIpv4(high, low);
            switch (budgets.spend(high, low, ipv4 ? high : high & ~IPV6_SUBNET_BITS, ipv4 ? low & ~IPV4_HOST_BITS : 0,
                    now)) {
                case REPLY -> { }
                case SOURCE_EMPTY -> {
                    counters.increment(ServerCounter.WITHHELD_SOURCE_BUDGET);
                    return false;
                }
                case PREFIX_EMPTY -> {
                    counters.increment(ServerCounter.WITHHELD_PREFIX_BUDGET);
                    return false;
                }
            }
        }
        if (capped) {
            sources.addSent(slot, length);
        }
        return faults.admit(reply, length, this);
    }

    /** The sender of the datagram being handled, where its reply goes, for a fault that holds it: this allocates. */
    InetSocketAddress destination() {
        return senderSockaddr.equals(MemorySegment.NULL) ? lastSender : SocketAddressLayout.read(senderSockaddr);
    }

    /** After a batch's replies went out. */
    void batchEnded() {
        faults.batchEnded();
    }

    /**
     * As serving starts: injected faults that hold replies start sending them, through what {@code sender} opens,
     * and those that hold requests open what sends the replies to them.
     */
    void start(String threadName, Supplier<HeldReplySender> sender) {
        faults.start(threadName, sender);
        requestFaults.start(sender);
    }

    /** As serving ends, before the socket closes. */
    void stop() {
        requestFaults.stop();
        faults.stop();
    }

    /** Whether requests can be held: the transport then wakes every {@link FaultyRequests#TICK} to hand them. */
    boolean holdsRequests() {
        return requestFaults.holdsRequests();
    }

    /**
     * Hands the requests held by the faults and now due to {@code handler}, and sends their replies; the worker's
     * thread, after a batch's replies went out (before {@link #batchEnded()}) or when a receive timed out.
     */
    int handHeldRequests(DatagramHandler handler) {
        return requestFaults.handDue(this, handler, counters);
    }

    /** What the faults sent later, from their own thread. */
    ServerCounts heldRepliesSent() {
        return faults.sentSoFar();
    }

    private boolean isOwnAddress() {
        if (high == ownHigh && low == ownLow) {
            return true;
        }
        if (localHigh.length == 0) {
            return false;
        }
        if (isLoopback(high, low)) {
            return true;
        }
        for (int i = 0; i < localHigh.length; i++) {
            if (localHigh[i] == high && localLow[i] == low) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMappedIpv4(long high, long low) {
        return high == SocketAddressLayout.MAPPED_IPV4_HIGH && (low >>> Integer.SIZE) == (SocketAddressLayout.MAPPED_IPV4_LOW >>> Integer.SIZE);
    }

    /** 127.0.0.0/8 or ::1. */
    private static boolean isLoopback(long high, long low) {
        return isMappedIpv4(high, low) ? (low & 0xFF00_0000L) == 0x7F00_0000L : high == 0 && low == 1;
    }

    /** An address as the two longs of its IPv6 form, IPv4 mapped. Allocates: once per new sender at most. */
    static long[] key(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 4) {
            long v4 = 0;
            for (byte b : raw) {
                v4 = (v4 << 8) | (b & 0xFF);
            }
            return new long[] {SocketAddressLayout.MAPPED_IPV4_HIGH, SocketAddressLayout.MAPPED_IPV4_LOW | v4};
        }
        long h = 0;
        long l = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (raw[i] & 0xFF);
            l = (l << 8) | (raw[i + 8] & 0xFF);
        }
        return new long[] {h, l};
    }

    /** This machine's addresses now, for a server bound to the wildcard (the own-address guard). */
    private static List<long[]> localAddresses() {
        List<long[]> keys = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nif.getInetAddresses())) {
                    keys.add(key(address instanceof Inet6Address v6 && v6.getScopeId() != 0
                            ? InetAddress.getByAddress(v6.getAddress()) : address));
                }
            }
        } catch (SocketException | java.net.UnknownHostException e) {
            // Without the list the guard still knows loopback and the bound address.
        }
        return keys;
    }
}
