package org.udpkit.protocol;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Optional;

/**
 * HMAC-SHA256 that hashes each padded key once: two of the JDK's own SHA-256 digests, one per pad, whose
 * chaining state is saved after the pad and put back after every tag (RFC 2104 section 4). A tag then costs
 * the message's compressions and one for the outer hash, against two more for {@link PortableHmac}.
 *
 * <p>{@code MessageDigest} cannot save or restore a state without allocating a clone per tag, so this reaches
 * into the JDK's digest ({@code sun.security.provider.SHA2.SHA256}, which keeps its CPU intrinsics) through
 * the package java.base opens to us when the JVM runs with
 * {@code --add-opens java.base/sun.security.provider=org.udpkit} (or {@code =ALL-UNNAMED} on the class path).
 * Without it, or if a JDK keeps its state elsewhere, {@link #create} gives nothing and says why in the log; it
 * also checks its first tag against {@link PortableHmac}'s, so a changed JDK cannot make wrong tags.
 */
final class PrecomputedPadsHmac implements HmacSha256 {
    private static final System.Logger LOG = System.getLogger(PrecomputedPadsHmac.class.getName());
    /** The pads fill exactly one block, so a digest that has taken one is at a block boundary. */
    private static final long BYTES_AFTER_PAD = BLOCK_BYTES;
    private static final int STATE_WORDS = 8;
    /** Why the JDK's digest cannot be used here, or empty when it can. */
    private static final Optional<String> UNAVAILABLE = probe();

    private final Object inner;
    private final Object outer;
    private final int[] innerState;
    private final int[] outerState;
    private final int[] innerSaved;
    private final int[] outerSaved;
    private final byte[] innerHash = new byte[TAG_BYTES];

    private PrecomputedPadsHmac(HmacPads pads) throws Throwable {
        inner = Jdk.NEW.invokeExact();
        outer = Jdk.NEW.invokeExact();
        Jdk.UPDATE.invokeExact(inner, pads.inner(), 0, BLOCK_BYTES);
        Jdk.UPDATE.invokeExact(outer, pads.outer(), 0, BLOCK_BYTES);
        innerState = (int[]) Jdk.STATE.get(inner);
        outerState = (int[]) Jdk.STATE.get(outer);
        innerSaved = innerState.clone();
        outerSaved = outerState.clone();
    }

    /** One for {@code pads}, where the JVM opens the JDK's digest to us and it gives the same tags as {@link PortableHmac}. */
    static Optional<HmacSha256> create(HmacPads pads) {
        if (UNAVAILABLE.isPresent()) {
            return Optional.empty();
        }
        try {
            PrecomputedPadsHmac hmac = new PrecomputedPadsHmac(pads);
            return hmac.agreesWith(new PortableHmac(pads)) ? Optional.of(hmac) : Optional.empty();
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.DEBUG, "the JDK's SHA-256 digest did not take a saved state", e);
            return Optional.empty();
        }
    }

    @Override
    public void compute(byte[] message, int offset, int length, byte[] out) {
        // Each tag starts from the saved states, so that one cut short (a throw) cannot spoil the next.
        resume(inner, innerState, innerSaved);
        resume(outer, outerState, outerSaved);
        try {
            Jdk.UPDATE.invokeExact(inner, message, offset, length);
            Jdk.DIGEST.invokeExact(inner, innerHash, 0, TAG_BYTES);
            Jdk.UPDATE.invokeExact(outer, innerHash, 0, TAG_BYTES);
            Jdk.DIGEST.invokeExact(outer, out, 0, TAG_BYTES);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            // DigestException, for an output array too short: ours are 32 bytes.
            throw new IllegalStateException("a 32-byte array holds a SHA-256 digest", e);
        }
    }

    /** Puts {@code digest} back where it was just after its pad: the saved chaining state, one block taken, none buffered. */
    private static void resume(Object digest, int[] state, int[] saved) {
        System.arraycopy(saved, 0, state, 0, STATE_WORDS);
        Jdk.BYTES_PROCESSED.set(digest, BYTES_AFTER_PAD);
        Jdk.BUFFER_OFFSET.set(digest, 0);
    }

    /** Whether a few tags, of lengths across block boundaries, are {@code portable}'s. */
    private boolean agreesWith(PortableHmac portable) {
        byte[] message = new byte[3 * BLOCK_BYTES];
        Arrays.fill(message, (byte) 0xa5);
        byte[] ours = new byte[TAG_BYTES];
        byte[] theirs = new byte[TAG_BYTES];
        for (int length : new int[] {0, 1, 55, 56, 64, 65, 3 * BLOCK_BYTES}) {
            compute(message, 0, length, ours);
            portable.compute(message, 0, length, theirs);
            if (!Arrays.equals(ours, theirs)) {
                LOG.log(System.Logger.Level.WARNING, "the JDK's SHA-256 digest gave another HMAC from a saved state"
                        + " (a " + length + "-byte message); tagging without saved states");
                return false;
            }
        }
        return true;
    }

    private static Optional<String> probe() {
        // Opened to us (as the launcher does) yet unusable means the JDK changed: worth a warning, since tags
        // then cost twice as much. Not opened is a choice: the portable way says so only when asked.
        boolean opened = Object.class.getModule().isOpen("sun.security.provider", PrecomputedPadsHmac.class.getModule());
        try {
            MethodHandles.lookup().ensureInitialized(Jdk.class);
            return Optional.empty();
        } catch (ExceptionInInitializerError | IllegalAccessException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why = opened
                    ? "HMAC tags hash the key's pads every time (two SHA-256 blocks more): this JDK's SHA-256 digest"
                    + " is not what udpkit knows (" + cause + ")"
                    : "HMAC tags hash the key's pads every time (two SHA-256 blocks more): run java with"
                    + " --add-opens=java.base/sun.security.provider=org.udpkit to save them";
            LOG.log(opened ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, why);
            return Optional.of(why);
        }
    }

    /**
     * Handles on the JDK's SHA-256 digest, constants once found (so the JIT inlines through them). This class
     * fails to initialise where the package is not open to us; {@link #probe} asks first.
     */
    private static final class Jdk {
        static final MethodHandle NEW;
        static final MethodHandle UPDATE;
        static final MethodHandle DIGEST;
        static final VarHandle STATE;
        static final VarHandle BYTES_PROCESSED;
        static final VarHandle BUFFER_OFFSET;

        static {
            try {
                Class<?> sha256 = Class.forName("sun.security.provider.SHA2$SHA256");
                Class<?> sha2 = Class.forName("sun.security.provider.SHA2");
                Class<?> digestBase = Class.forName("sun.security.provider.DigestBase");
                MethodHandles.Lookup base = MethodHandles.privateLookupIn(digestBase, MethodHandles.lookup());
                NEW = MethodHandles.privateLookupIn(sha256, MethodHandles.lookup())
                        .findConstructor(sha256, MethodType.methodType(void.class))
                        .asType(MethodType.methodType(Object.class));
                UPDATE = base.findVirtual(digestBase, "engineUpdate",
                                MethodType.methodType(void.class, byte[].class, int.class, int.class))
                        .asType(MethodType.methodType(void.class, Object.class, byte[].class, int.class, int.class));
                // It returns the digest's length, which is TAG_BYTES.
                DIGEST = MethodHandles.dropReturn(base.findVirtual(digestBase, "engineDigest",
                                MethodType.methodType(int.class, byte[].class, int.class, int.class))
                        .asType(MethodType.methodType(int.class, Object.class, byte[].class, int.class, int.class)));
                STATE = MethodHandles.privateLookupIn(sha2, MethodHandles.lookup())
                        .findVarHandle(sha2, "state", int[].class);
                BYTES_PROCESSED = base.findVarHandle(digestBase, "bytesProcessed", long.class);
                BUFFER_OFFSET = base.findVarHandle(digestBase, "bufOfs", int.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // IllegalAccessException when the package is not open to us; NoSuch... on another JDK.
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
