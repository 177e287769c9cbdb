/**
 * Load generation for servers of the book's protocol: not a client of the protocol but a measuring
 * instrument, on the same batched native layer as the server (Linux only).
 *
 * <p>{@link org.udpkit.load.LoadGenerator#run} takes {@link org.udpkit.load.LoadSettings} (which
 * server, what {@link org.udpkit.load.Pacing}: a closed loop with a window of requests in flight, or an
 * open loop at a rate) and returns a {@link org.udpkit.load.LoadResult}. Round-trip times go to a
 * {@link org.udpkit.load.RttRecorder} and progress to a {@link org.udpkit.load.ProgressListener}, so
 * that the library needs nothing but the JDK.
 *
 * <p>Round trips are matched to requests first-in first-out per socket, which is exact on loopback
 * where a socket's datagrams stay in order. In the open loop a request's clock starts when it was due,
 * not when it could be sent, so a stalled server shows in the percentiles (no coordinated omission).
 * A socket that gets no reply for {@link org.udpkit.load.LoadGenerator#LOST_AFTER} gives up on what it
 * has in flight, as the C {@code blast} does.
 */
package org.udpkit.load;
