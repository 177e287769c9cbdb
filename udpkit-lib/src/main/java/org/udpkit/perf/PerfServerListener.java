package org.udpkit.perf;

import java.net.InetSocketAddress;

/** What a {@link PerfServer} tells as tests come and go; called on the serving thread. */
public interface PerfServerListener {
    /** A client started a test (once per stream, however often its START was retransmitted). */
    void started(TestSettings test, InetSocketAddress client);

    /** A test ended: its client asked for the results, which are these (once per stream). */
    void finished(TestSettings test, PerfResults results);

    /** A client asked this server to send a test (--reverse) to its receiver; called on the serving thread. */
    default void reverseStarted(TestSettings test, InetSocketAddress receiver) {
    }

    /** A test this server sent is over: what it sent, and what the client's receiver measured; on the sending thread. */
    default void reverseFinished(TestSettings test, PerfClient.Outcome outcome) {
    }

    /** A test this server was to send failed (the receiver never answered, say); on the sending thread. */
    default void reverseFailed(TestSettings test, Exception failure) {
    }
}
