package org.udpkit.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.udpkit.protocol.IdProtocol;
import org.udpkit.protocol.SharedKey;

/**
 * What a server of the ID protocol does per request, reading a direct buffer as the batched transport hands
 * it over: check the header (and the HMAC tag, with a key). With a key, once with the JDK's digest opened to
 * the library (as {@code ./udpkit} runs it: the pads' states saved) and once without (the pads hashed for
 * every tag); and {@code javax.crypto.Mac} on the same bytes, which allocates its result, for scale.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IdProtocolBenchmark {
    private static final String OPEN_DIGEST = "--add-opens=java.base/sun.security.provider=ALL-UNNAMED";
    private static final byte[] KEY_BYTES = "thirty-two bytes of a bench key!".getBytes(StandardCharsets.US_ASCII);
    private static final SharedKey KEY = SharedKey.of(KEY_BYTES);

    /** Payload bytes: the harness's smallest request (64 bytes in all with header and tag), and a large one. */
    @Param({"16", "1400"})
    int payloadBytes;

    private IdProtocol keyless;
    private IdProtocol keyed;
    private ByteBuffer plainRequest;
    private ByteBuffer taggedRequest;
    private Mac mac;
    private byte[] signed;

    @Setup
    public void setUp() throws GeneralSecurityException {
        keyless = IdProtocol.keyless();
        keyed = IdProtocol.keyed(KEY);
        byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 'x');
        plainRequest = direct(keyless.datagram(IdProtocol.Kind.REQUEST, 42, 1, payload));
        byte[] tagged = keyed.datagram(IdProtocol.Kind.REQUEST, 42, 1, payload);
        taggedRequest = direct(tagged);
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY_BYTES, "HmacSHA256"));
        signed = Arrays.copyOf(tagged, tagged.length - IdProtocol.TAG_BYTES);
    }

    private static ByteBuffer direct(byte[] datagram) {
        return ByteBuffer.allocateDirect(datagram.length).put(datagram).flip();
    }

    @Benchmark
    public IdProtocol.Verdict checkWithoutKey() {
        return keyless.check(plainRequest);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = OPEN_DIGEST)
    public IdProtocol.Verdict checkTagFromSavedPadStates() {
        return keyed.check(taggedRequest);
    }

    @Benchmark
    public IdProtocol.Verdict checkTagHashingThePadsEachTime() {
        return keyed.check(taggedRequest);
    }

    @Benchmark
    public byte[] jdkMacOfTheSameBytes() {
        return mac.doFinal(signed);
    }
}
