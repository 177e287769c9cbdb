/**
 * {@code udpkit perf}: a one-way UDP measurement (what {@code iperf3 -u} does) whose datagrams carry a stream ID,
 * a sequence number and a send time, so that the receiver counts loss, duplicates and reordering exactly and
 * measures jitter and one-way delay. {@link org.udpkit.perf.PerfWire} is the wire format, {@link
 * org.udpkit.perf.ReceiverStats} the receiver's arithmetic, {@link org.udpkit.perf.PerfServer} and {@link
 * org.udpkit.perf.PerfClient} the two ends; docs/perf.md describes them.
 */
package org.udpkit.perf;
