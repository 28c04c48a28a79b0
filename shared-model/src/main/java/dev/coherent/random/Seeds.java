package dev.coherent.random;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent 64-bit seeds from a user seed and a key, so that each patient, draw and
 * attempt has its own reproducible random stream whatever else is computed alongside it.
 */
public final class Seeds {
    private Seeds() {}

    /** Mixes a seed with a salt (SplitMix64's finalizer); distinct salts give unrelated seeds. */
    public static long mix(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seed for a text key (e.g. {@code patient/target/draw}): 64-bit FNV-1a of its UTF-8 bytes, mixed. */
    public static long of(long seed, String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(seed, h);
    }

    /**
     * The seed of draw {@code d} of one patient's imputation of a target. With {@code antithetic},
     * draws 2k and 2k + 1 share a stream and differ in their noise sign ({@link #drawSign}).
     */
    public static long draw(long seed, String patient, String target, int d, boolean antithetic) {
        int stream = antithetic ? d / 2 : d;
        return of(seed, patient + '\u0000' + target + '\u0000' + stream);
    }

    /** The noise sign of draw {@code d}: −1 for the second of an antithetic pair, else +1. */
    public static float drawSign(int d, boolean antithetic) {
        return antithetic && d % 2 == 1 ? -1f : 1f;
    }

    /** Shuffles {@code a} in place (Fisher–Yates, from the end), the one shuffle of the engine. */
    public static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
