package dev.scalpel.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The rollout gate: which share of calls takes a patch's action. Without a sticky key each call
 * draws independently; with one, the bucket is computed from the key as Unleash computes its
 * flexible rollout, {@code murmur3_x86_32(patchId + ":" + String.valueOf(key), seed 0)} read as
 * unsigned, {@code % 100 + 1}, and the call takes the action when {@code bucket <= rollout}. Raising
 * the rollout only adds keys; a {@code null} key takes the original path.
 */
final class Rollouts {

  private Rollouts() {}

  // Looked up once this class is initialized: a static method looked up in its class's own
  // initializer gets a handle that checks initialization, a lambda form the JDK spins as a class.
  private static final class Handles {
    static final MethodHandle SAMPLE;
    static final MethodHandle STICKY;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        SAMPLE = lookup.findStatic(Rollouts.class, "sample", MethodType.methodType(boolean.class, long.class));
        STICKY = lookup.findStatic(Rollouts.class, "sticky",
            MethodType.methodType(boolean.class, String.class, int.class, Object.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  /**
   * The gate for a guard of {@code guardType}: true for the share {@code basisPoints / 10,000} of calls.
   *
   * @param stickyArg the index in the guard's parameters of the sticky key, or -1 to draw per call
   */
  static MethodHandle gate(String patchId, int basisPoints, int stickyArg, MethodType guardType) {
    if (stickyArg < 0) {
      return MethodHandles.dropArguments(MethodHandles.insertArguments(Handles.SAMPLE, 0, threshold(basisPoints)), 0,
          guardType.parameterList());
    }
    MethodHandle byKey = MethodHandles.insertArguments(Handles.STICKY, 0, patchId, basisPoints)
        .asType(MethodType.methodType(boolean.class, guardType.parameterType(stickyArg)));
    MethodHandle dropBefore = MethodHandles.dropArguments(byKey, 0, guardType.parameterList().subList(0, stickyArg));
    return MethodHandles.dropArguments(dropBefore, stickyArg + 1,
        guardType.parameterList().subList(stickyArg + 1, guardType.parameterCount()));
  }

  /**
   * The draw's bound for a share of {@code basisPoints / 10,000}: a call takes the action when a
   * uniform unsigned 32-bit draw is below it. The share is exact to within 2^-32 (exact for 50%),
   * and the draw needs no division, unlike {@code nextInt(10_000)}.
   */
  static long threshold(int basisPoints) {
    if (basisPoints < 0 || basisPoints > 10_000) {
      throw new IllegalArgumentException("a rollout is 0 to 10,000 basis points; was " + basisPoints);
    }
    return ((long) basisPoints << 32) / 10_000;
  }

  static boolean sample(long threshold) {
    return Integer.toUnsignedLong(ThreadLocalRandom.current().nextInt()) < threshold;
  }

  private static boolean sticky(String patchId, int basisPoints, Object key) {
    return key != null && bucket(patchId, String.valueOf(key)) * 100 <= basisPoints;
  }

  /** The key's bucket, 1 to 100, as Unleash computes it. */
  static int bucket(String patchId, String key) {
    int hash = murmur3x86x32((patchId + ":" + key).getBytes(StandardCharsets.UTF_8), 0);
    return (int) (Integer.toUnsignedLong(hash) % 100) + 1;
  }

  /** MurmurHash3, x86 32-bit variant. */
  static int murmur3x86x32(byte[] data, int seed) {
    final int c1 = 0xcc9e2d51;
    final int c2 = 0x1b873593;
    int h = seed;
    int blocks = data.length / 4;
    for (int i = 0; i < blocks; i++) {
      int k = (data[4 * i] & 0xff) | (data[4 * i + 1] & 0xff) << 8 | (data[4 * i + 2] & 0xff) << 16
          | (data[4 * i + 3] & 0xff) << 24;
      k *= c1;
      k = Integer.rotateLeft(k, 15);
      k *= c2;
      h ^= k;
      h = Integer.rotateLeft(h, 13);
      h = h * 5 + 0xe6546b64;
    }
    int tail = blocks * 4;
    int rest = data.length & 3;
    if (rest > 0) {
      int k = 0;
      if (rest == 3) {
        k ^= (data[tail + 2] & 0xff) << 16;
      }
      if (rest >= 2) {
        k ^= (data[tail + 1] & 0xff) << 8;
      }
      k ^= data[tail] & 0xff;
      k *= c1;
      k = Integer.rotateLeft(k, 15);
      k *= c2;
      h ^= k;
    }
    h ^= data.length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
