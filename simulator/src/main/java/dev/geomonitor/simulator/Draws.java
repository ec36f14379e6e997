package dev.geomonitor.simulator;

/**
 * Deterministic draws keyed by numbers (seed, instrument, sample index, request number...) instead
 * of a shared random stream: the value of any draw depends only on its key, so a poll at any time
 * is reproducible and a stateless Lambda can serve it without remembering earlier polls.
 */
final class Draws {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Draws() {}

  /** A well-mixed 64-bit hash of the key parts (SplitMix64 finaliser applied after each part). */
  static long hash(long... parts) {
    long h = 0x632BE59BD9B4E019L;
    for (long p : parts) {
      h = finalise(h + GOLDEN + p);
    }
    return h;
  }

  /** Uniform in [0, 1). */
  static double uniform(long... parts) {
    return (hash(parts) >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [min, max). */
  static double between(double min, double max, long... parts) {
    return min + (max - min) * uniform(parts);
  }

  /** Standard normal (Box-Muller over two draws derived from the key). */
  static double gaussian(long... parts) {
    long h = hash(parts);
    double u1 = ((finalise(h + 1) >>> 11) + 1) * 0x1.0p-53; // (0, 1]: log stays finite
    double u2 = (finalise(h + 2) >>> 11) * 0x1.0p-53;
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /**
   * A stable number for a text (instrument ids, endpoints), independent of String.hashCode's 32
   * bits.
   */
  static long of(String text) {
    long h = 0xCBF29CE484222325L;
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * 0x100000001B3L;
    }
    return finalise(h);
  }

  /** A sequence of uniform draws under one key: the n-th draw depends only on (key, n). */
  static final class Sequence {
    private final long key;
    private long n;

    Sequence(long... keyParts) {
      this.key = hash(keyParts);
    }

    double uniform() {
      return Draws.uniform(key, n++);
    }

    double between(double min, double max) {
      return min + (max - min) * uniform();
    }

    /** -1 or +1. */
    double sign() {
      return uniform() < 0.5 ? -1.0 : 1.0;
    }
  }

  private static long finalise(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
