package io.lifeline.detect;

/**
 * The last {@code capacity} heartbeat inter-arrival times, with their mean and (population)
 * standard deviation in nanoseconds.
 *
 * <p>The statistics are recomputed exactly, in two passes, whenever a sample is added, rather than
 * kept as running sums: squared nanosecond intervals overflow a {@code long} past about 3 s, and
 * running sums in {@code double} drift over the millions of add/remove steps of a long-lived agent.
 * At the default window of 100 and 2 heartbeats a second the recomputation costs a few hundred
 * floating-point operations per second per agent, and reading the statistics is free.
 */
final class IntervalWindow {

  private final long[] samples;
  private int size;
  private int next;
  private double mean;
  private double stdDeviation;

  IntervalWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.samples = new long[capacity];
  }

  /** Adds {@code intervalNanos}, evicting the oldest sample once the window is full. */
  void add(long intervalNanos) {
    samples[next] = intervalNanos;
    next = (next + 1) % samples.length;
    size = Math.min(size + 1, samples.length);
    recompute();
  }

  int size() {
    return size;
  }

  /** Mean of the samples in nanoseconds; 0 when empty. */
  double mean() {
    return mean;
  }

  /** Population standard deviation of the samples in nanoseconds; 0 when empty. */
  double stdDeviation() {
    return stdDeviation;
  }

  private void recompute() {
    double sum = 0;
    for (int i = 0; i < size; i++) {
      sum += samples[i];
    }
    mean = sum / size;
    double squares = 0;
    for (int i = 0; i < size; i++) {
      double deviation = samples[i] - mean;
      squares += deviation * deviation;
    }
    stdDeviation = Math.sqrt(squares / size);
  }
}
