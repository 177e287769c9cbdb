package org.udpkit.perf;

import java.net.InetSocketAddress;

/** What a {@link PerfServer} tells as tests come and go; called on the serving thread. */
public interface PerfServerListener {
    /** A client started a test (once per stream, however often its START was retransmitted). */
    void started(TestSettings test, InetSocketAddress client);

    /** A test ended: its client asked for the results, which are these (once per stream). */
    void finished(TestSettings test, PerfResults results);
}
