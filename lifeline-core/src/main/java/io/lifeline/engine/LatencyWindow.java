package io.lifeline.engine;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The latest successful attempt durations of one agent kind, for hedging at the p95. Pure and
 * deterministic like the coordinator that owns it; the store keeps the same samples
 * ({@link io.lifeline.store.Write.RecordLatency}) so that a restart starts from them.
 */
final class LatencyWindow {

  /** Enough to estimate a p95 with five samples above it; old enough samples age out. */
  static final int SIZE = 100;
  /**
   * Below this many samples a p95 is a guess (with 20, the p95 is the second-largest sample), and
   * hedging on a guess wastes attempts; the step's cold-start delay applies instead.
   */
  static final int MIN_SAMPLES = 20;

  private final long[] samples = new long[SIZE];
  private int count;
  private int next;

  void record(long nanos) {
    samples[next] = nanos;
    next = (next + 1) % SIZE;
    count = Math.min(count + 1, SIZE);
  }

  OptionalLong p95() {
    if (count < MIN_SAMPLES) {
      return OptionalLong.empty();
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    return OptionalLong.of(sorted[(int) Math.ceil(0.95 * count) - 1]);
  }
}
