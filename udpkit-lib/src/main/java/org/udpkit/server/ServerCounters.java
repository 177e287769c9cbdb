package org.udpkit.server;

import java.util.List;

/**
 * What a server saw and did. Transports count receiving and sending; protocol decorators count what
 * they decided (dropped, not ASCII). Each worker thread owns its own set; {@link #sum} adds them up.
 */
public final class ServerCounters {
    public final Counter received = new Counter("received");
    public final Counter bytesReceived = new Counter("bytes received");
    public final Counter empty = new Counter("empty");
    public final Counter notAscii = new Counter("not ASCII");
    public final Counter dropped = new Counter("dropped");
    public final Counter replied = new Counter("replied");
    public final Counter sendFailures = new Counter("send failures");
    public final Counter receiveFailures = new Counter("receive failures");
    public final Counter handlerFailures = new Counter("handler failures");

    public List<Counter> all() {
        return List.of(received, bytesReceived, empty, notAscii, dropped, replied, sendFailures,
                receiveFailures, handlerFailures);
    }

    /** A fresh set holding the totals of {@code parts}, for reporting; its counters are no one's to increment. */
    public static ServerCounters sum(List<ServerCounters> parts) {
        ServerCounters total = new ServerCounters();
        for (ServerCounters part : parts) {
            List<Counter> from = part.all();
            List<Counter> to = total.all();
            for (int i = 0; i < from.size(); i++) {
                to.get(i).add(from.get(i).get());
            }
        }
        return total;
    }

    /** One line for a person, e.g. {@code Received 12 datagrams (340 bytes; 1 empty, 2 not ASCII); replied to 9, dropped 3}. */
    public String summary() {
        StringBuilder line = new StringBuilder()
                .append("Received ").append(received.get()).append(received.get() == 1 ? " datagram" : " datagrams")
                .append(" (").append(bytesReceived.get()).append(" bytes; ")
                .append(empty.get()).append(" empty, ")
                .append(notAscii.get()).append(" not ASCII); ")
                .append("replied to ").append(replied.get())
                .append(", dropped ").append(dropped.get());
        if (sendFailures.get() + receiveFailures.get() + handlerFailures.get() > 0) {
            line.append("; failures: ").append(sendFailures.get()).append(" sending, ")
                    .append(receiveFailures.get()).append(" receiving, ")
                    .append(handlerFailures.get()).append(" in the handler");
        }
        return line.toString();
    }

    @Override
    public String toString() {
        return all().toString();
    }
}
