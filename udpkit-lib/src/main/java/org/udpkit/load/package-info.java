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
 * <p>The protocol echoes only a request's length, so the length identifies the request: the requests a
 * socket may still hear about have distinct sizes, from {@link org.udpkit.load.LoadSettings#payloadBytes()}
 * up, and a reply is matched to the request of the size it names. Each request is lost when no answer
 * comes within {@link org.udpkit.load.LoadSettings#timeout()}; replies after that are late, second ones
 * are duplicates, others are wrong, and none of them ends a round trip. A round trip starts just before
 * the send call (in the open loop, when the request was due, so a stalled server shows in the
 * percentiles: no coordinated omission) and ends when the receive call that read the reply returns.
 * Every count covers the requests sent in the timed part, followed to their end after it.
 */
package org.udpkit.load;
