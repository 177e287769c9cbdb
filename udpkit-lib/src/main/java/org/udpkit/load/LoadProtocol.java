package org.udpkit.load;

import java.util.Optional;

import org.udpkit.protocol.SharedKey;

/** What the load generator's requests say, and so how it knows which request a reply answers. */
public sealed interface LoadProtocol {
    /** The book's: a reply names its request by the request's length (every request in flight has its own). */
    record Book() implements LoadProtocol {
    }

    /**
     * The ID protocol (docs/protocol.md): a reply names its request by ID (and proves itself by tag, with a
     * key); requests still have distinct sizes, header and tag included.
     */
    record Ids(Optional<SharedKey> key) implements LoadProtocol {
    }
}
