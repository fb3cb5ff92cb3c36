package io.lifeline.agents;

import java.nio.charset.StandardCharsets;

/**
 * Stable 64-bit seeds derived from strings, so that the same step (same prompt, same job and step
 * ids) gets the same randomness in every run and every JVM. {@link String#hashCode()} is stable
 * too, but 32 bits collide too often across a few thousand prompts.
 */
public final class Seeds {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  /** Separates the parts, so that ("ab", "c") and ("a", "bc") give different seeds. */
  private static final int SEPARATOR = 0x1f;

  private Seeds() {}

  /** A seed for {@code parts} under the base {@code seed}: FNV-1a over UTF-8, then SplitMix64's finaliser. */
  public static long of(long seed, String... parts) {
    long hash = FNV_OFFSET ^ seed;
    for (String part : parts) {
      for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
        hash = (hash ^ (b & 0xff)) * FNV_PRIME;
      }
      hash = (hash ^ SEPARATOR) * FNV_PRIME;
    }
    return mix(hash);
  }

  /** SplitMix64's finaliser: spreads FNV's weak low bits over the whole word. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
