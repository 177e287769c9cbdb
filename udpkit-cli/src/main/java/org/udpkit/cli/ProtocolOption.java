package org.udpkit.cli;

import java.nio.file.Path;
import java.util.Optional;

import org.udpkit.load.LoadProtocol;
import org.udpkit.protocol.DatagramHandler;
import org.udpkit.protocol.IdHandler;
import org.udpkit.protocol.KeyFileException;
import org.udpkit.protocol.SharedKey;
import org.udpkit.server.HandlerCounters;
import picocli.CommandLine.Option;

/**
 * {@code --protocol book|ids [--key-file F]} for the servers: which protocol a server speaks is chosen, never
 * guessed from a datagram (docs/protocol.md).
 */
final class ProtocolOption {
    /** What a server speaks. */
    enum Protocol {
        /** The book's: every datagram is answered {@code Your data was N bytes long}. */
        BOOK,
        /** The ID protocol around the book's: requests carry an ID the reply repeats, and a tag with a key. */
        IDS
    }

    @Option(names = "--protocol", paramLabel = "book|ids",
            description = "book (the default): the book's protocol, 'Your data was N bytes long' to every datagram; "
                    + "ids: the ID protocol of docs/protocol.md around it (udpkit request speaks it)")
    Protocol protocol = Protocol.BOOK;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "with --protocol ids: a shared key (16 to 4096 bytes, e.g. head -c 32 /dev/urandom > FILE); "
                    + "requests and replies carry its HMAC-SHA256 tag, and a datagram without a valid one is not taken")
    Path keyFile;

    /** The key, read once; exit 2 when the file is no key, or given without --protocol ids. */
    Optional<SharedKey> key() {
        if (keyFile == null) {
            return Optional.empty();
        }
        if (protocol != Protocol.IDS) {
            throw new UsageException("--key-file needs --protocol ids: the book's protocol has no tags");
        }
        try {
            return Optional.of(SharedKey.read(keyFile));
        } catch (KeyFileException e) {
            throw new UsageException("--key-file: " + e.getMessage());
        }
    }

    /** What the load generator speaks. */
    LoadProtocol forLoad() {
        Optional<SharedKey> key = key();
        return protocol == Protocol.IDS ? new LoadProtocol.Ids(key) : new LoadProtocol.Book();
    }

    /** {@code book} as it is, or inside the ID protocol: one per worker, since the ID handler keeps scratch state. */
    DatagramHandler wrap(DatagramHandler book, Optional<SharedKey> key, HandlerCounters counters) {
        return protocol == Protocol.IDS ? new IdHandler(book, key, counters) : book;
    }

    /** What udpkit says about it on stderr at the start, if anything. */
    String[] notes(Optional<SharedKey> key) {
        if (protocol == Protocol.BOOK) {
            return new String[0];
        }
        return new String[] {key.isPresent()
                ? "Speaking the ID protocol with a key: only requests with a valid tag are answered"
                : "Speaking the ID protocol without a key: requests are answered by ID (anyone may forge replies to clients)"};
    }
}
