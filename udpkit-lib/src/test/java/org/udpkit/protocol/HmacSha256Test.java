package org.udpkit.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpkit.testing.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both ways of computing a tag give {@code javax.crypto.Mac}'s HMAC-SHA256, one message after another (so
 * the saved states are put back right every time), and the tests' JVM, run like the launcher's, takes the
 * faster way.
 */
@Timeout(60)
class HmacSha256Test {
    /** Lengths around SHA-256's block and padding boundaries, and long ones. */
    private static final int[] LENGTHS = {0, 1, 31, 32, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 65_507};

    private static byte[] bytes(int n, long seed) {
        byte[] out = new byte[n];
        new SplittableRandom(seed).nextBytes(out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 32, 63, 64, 65, 200, 4096})
    void bothWaysGiveTheJdksHmac(int keyLength) throws GeneralSecurityException {
        SharedKey key = SharedKey.of(bytes(keyLength, keyLength));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
        HmacPads pads = HmacPads.of(key);
        List<HmacSha256> ways = List.of(new PortableHmac(pads), PrecomputedPadsHmac.create(pads).orElseThrow());
        byte[] tag = new byte[HmacSha256.TAG_BYTES];
        SplittableRandom order = new SplittableRandom(keyLength);
        for (int round = 0; round < 200; round++) {
            int length = LENGTHS[order.nextInt(LENGTHS.length)];
            // A message in the middle of a larger array, as a datagram sits in a receive buffer.
            byte[] buffer = bytes(length + 10, round);
            byte[] expected = mac.doFinal(Arrays.copyOfRange(buffer, 5, 5 + length));
            for (HmacSha256 way : ways) {
                Arrays.fill(tag, (byte) 0);
                way.compute(buffer, 5, length, tag);
                assertThat(tag).as("%s, key of %d bytes, round %d, %d-byte message", way.getClass().getSimpleName(),
                        keyLength, round, length).isEqualTo(expected);
            }
        }
    }

    @Test
    void givesRfc4231TestCase6() {
        // A 131-byte key, hashed first, and a 54-byte message (the RFC's shorter keys are below SharedKey's 16 bytes).
        byte[] key = new byte[131];
        Arrays.fill(key, (byte) 0xaa);
        byte[] message = "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII);
        byte[] tag = new byte[HmacSha256.TAG_BYTES];
        HmacSha256.of(SharedKey.of(key)).compute(message, 0, message.length, tag);
        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    @Test
    void theTestsRunTheFasterWayAsTheLauncherDoes() {
        // The build opens java.base's digest package to the library, as ./udpkit does (digest.access in the pom).
        assertThat(HmacSha256.of(SharedKey.of(bytes(32, 1)))).isInstanceOf(PrecomputedPadsHmac.class);
    }

    /** Run in a child JVM that does not open the digest package: prints which way tags are computed. */
    public static void main(String[] args) {
        System.out.println("hmac=" + HmacSha256.of(SharedKey.of(bytes(32, 1))).getClass().getSimpleName());
    }

    @Test
    void withoutTheOpenPackageTagsAreComputedTheWayAnyJvmAllows() throws Exception {
        assertThat(ChildJvm.run(HmacSha256Test.class)).contains("hmac=PortableHmac");
    }
}
