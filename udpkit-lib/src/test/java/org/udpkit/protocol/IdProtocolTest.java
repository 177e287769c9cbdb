package org.udpkit.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.SplittableRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class IdProtocolTest {
    private static final SharedKey KEY = SharedKey.of(bytes(32, 1));

    private static byte[] bytes(int n, long seed) {
        byte[] out = new byte[n];
        new SplittableRandom(seed).nextBytes(out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 32, 64, 65, 200})
    void theTagIsTheJdksHmacSha256OfHeaderAndPayload(int keyLength) throws GeneralSecurityException {
        SharedKey key = SharedKey.of(bytes(keyLength, keyLength));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
        IdProtocol protocol = IdProtocol.keyed(key);
        for (int size : new int[] {0, 1, 47, 48, 1000, 65_000 - IdProtocol.HEADER_BYTES}) {
            byte[] datagram = protocol.datagram(IdProtocol.Kind.REQUEST, 42, 3, bytes(size, size));
            int signed = datagram.length - IdProtocol.TAG_BYTES;
            byte[] expected = mac.doFinal(Arrays.copyOf(datagram, signed));
            assertThat(Arrays.copyOfRange(datagram, signed, datagram.length)).isEqualTo(expected);
            // The same check reading a direct buffer, as the batched transport hands one over.
            ByteBuffer direct = ByteBuffer.allocateDirect(datagram.length).put(datagram).flip();
            assertThat(protocol.check(direct)).isEqualTo(IdProtocol.Verdict.REQUEST);
            assertThat(direct.position()).isZero();
        }
    }

    @Test
    void saysWhatEachDatagramIs() {
        IdProtocol keyless = IdProtocol.keyless();
        IdProtocol keyed = IdProtocol.keyed(KEY);
        byte[] request = keyless.datagram(IdProtocol.Kind.REQUEST, 7, 1, "hi".getBytes());
        byte[] reply = keyless.datagram(IdProtocol.Kind.REPLY, 7, 1, "hi".getBytes());
        byte[] tagged = keyed.datagram(IdProtocol.Kind.REQUEST, 7, 1, "hi".getBytes());
        assertThat(keyless.check(ByteBuffer.wrap(request))).isEqualTo(IdProtocol.Verdict.REQUEST);
        assertThat(keyless.check(ByteBuffer.wrap(reply))).isEqualTo(IdProtocol.Verdict.REPLY);
        assertThat(IdProtocol.idOf(ByteBuffer.wrap(reply))).isEqualTo(7);
        assertThat(IdProtocol.transmissionOf(ByteBuffer.wrap(reply))).isEqualTo(1);
        assertThat(keyed.check(ByteBuffer.wrap(tagged))).isEqualTo(IdProtocol.Verdict.REQUEST);
        // A key on one side only: the tag is missing, or cannot be checked.
        assertThat(keyed.check(ByteBuffer.wrap(request))).isEqualTo(IdProtocol.Verdict.BAD_TAG);
        assertThat(keyless.check(ByteBuffer.wrap(tagged))).isEqualTo(IdProtocol.Verdict.BAD_TAG);
        assertThat(IdProtocol.keyed(SharedKey.of(bytes(32, 2))).check(ByteBuffer.wrap(tagged)))
                .as("another key").isEqualTo(IdProtocol.Verdict.BAD_TAG);
        // Any one bit changed, header, payload or tag, and the tag no longer fits.
        for (int bit = 0; bit < tagged.length * 8; bit++) {
            byte[] flipped = tagged.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(keyed.check(ByteBuffer.wrap(flipped))).as("bit %d", bit).isNotIn(
                    IdProtocol.Verdict.REQUEST, IdProtocol.Verdict.REPLY);
        }
        assertThat(keyless.check(ByteBuffer.wrap(new byte[IdProtocol.HEADER_BYTES - 1]))).isEqualTo(IdProtocol.Verdict.MALFORMED);
        assertThat(keyless.check(ByteBuffer.wrap("Your data was 5 bytes long".getBytes()))).isEqualTo(IdProtocol.Verdict.MALFORMED);
        byte[] version2 = request.clone();
        version2[IdProtocol.VERSION_OFFSET] = 2;
        assertThat(keyless.check(ByteBuffer.wrap(version2))).isEqualTo(IdProtocol.Verdict.WRONG_VERSION);
        byte[] unknownFlag = request.clone();
        unknownFlag[IdProtocol.FLAGS_OFFSET] |= 0x40;
        assertThat(keyless.check(ByteBuffer.wrap(unknownFlag))).isEqualTo(IdProtocol.Verdict.MALFORMED);
        byte[] tagCut = Arrays.copyOf(tagged, IdProtocol.HEADER_BYTES + 10);
        assertThat(keyed.check(ByteBuffer.wrap(tagCut))).isEqualTo(IdProtocol.Verdict.MALFORMED);
    }

    @Test
    void aKeyFileMustHoldAKey(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> SharedKey.read(missing)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("does not exist").hasMessageContaining(missing.toString());
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> SharedKey.read(empty)).hasMessageContaining("is empty");
        Path shortKey = Files.write(dir.resolve("short"), new byte[SharedKey.MIN_BYTES - 1]);
        assertThatThrownBy(() -> SharedKey.read(shortKey)).hasMessageContaining("at least 16");
        Path huge = Files.write(dir.resolve("huge"), new byte[1 << 20]);
        assertThatThrownBy(() -> SharedKey.read(huge)).hasMessageContaining("longer than 4096");
        Path good = Files.write(dir.resolve("good"), bytes(32, 9));
        assertThat(SharedKey.read(good)).isEqualTo(SharedKey.of(bytes(32, 9)));
        assertThat(SharedKey.read(good).toString()).isEqualTo("SharedKey[32 bytes]");
    }
}
