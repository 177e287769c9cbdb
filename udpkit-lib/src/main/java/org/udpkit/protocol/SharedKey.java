package org.udpkit.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The secret a client and a server of the ID protocol share to tag their datagrams (HMAC-SHA256). Its bytes
 * are what the key file holds, exactly (a trailing newline is part of the key): make one with
 * {@code head -c 32 /dev/urandom > udpkit.key}. Never printed: {@link #toString()} shows only its length.
 */
public final class SharedKey {
    /** The shortest key accepted: 128 bits. */
    public static final int MIN_BYTES = 16;
    /** The longest key file read: anything longer is not a key someone meant. */
    public static final int MAX_BYTES = 4096;

    private final byte[] bytes;

    private SharedKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A key of these bytes (copied).
     *
     * @throws IllegalArgumentException for fewer than {@link #MIN_BYTES} or more than {@link #MAX_BYTES} bytes
     */
    public static SharedKey of(byte[] bytes) {
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException(bytes.length == 0 ? "the key is empty"
                    : "the key is " + bytes.length + " bytes long; at least " + MIN_BYTES + " are needed");
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("the key is longer than " + MAX_BYTES + " bytes");
        }
        return new SharedKey(bytes.clone());
    }

    /**
     * The key in {@code file}, read whole but never past {@link #MAX_BYTES} + 1 bytes.
     *
     * @throws KeyFileException when the file is missing, unreadable, empty, too short or too long: the message
     *                          names the file and says which
     */
    public static SharedKey read(Path file) throws KeyFileException {
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new KeyFileException("the key file " + file + " does not exist");
        } catch (IOException e) {
            throw new KeyFileException("cannot read the key file " + file + ": " + e.getMessage());
        }
        try {
            return of(content);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException("the key file " + file + " is no key: " + e.getMessage()
                    + " (make one with: head -c 32 /dev/urandom > " + file + ")");
        }
    }

    /** A copy of the key's bytes. */
    byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SharedKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "SharedKey[" + bytes.length + " bytes]";
    }
}
