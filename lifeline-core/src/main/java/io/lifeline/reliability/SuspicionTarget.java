package io.lifeline.reliability;

import java.time.Duration;

/** How many false suspicions (a live agent declared DEAD) are acceptable. */
public sealed interface SuspicionTarget {

  /** The acceptable probability that one heartbeat interval ends in a false suspicion. */
  double perHeartbeat(Duration meanInterval);

  /**
   * A probability per heartbeat interval, whatever the interval.
   *
   * @param probability in (0, 0.5]: a detector that suspects more than every other heartbeat
   *     detects nothing
   */
  record PerHeartbeat(double probability) implements SuspicionTarget {
    public PerHeartbeat {
      if (!(probability > 0 && probability <= 0.5)) {
        throw new IllegalArgumentException(
            "false suspicions per heartbeat must be in (0, 0.5], was " + probability);
      }
    }

    @Override
    public double perHeartbeat(Duration meanInterval) {
      return probability;
    }
  }

  /**
   * An expected number of false suspicions per {@code window} of time, e.g. 0.01 per hour. Per
   * heartbeat that is {@code expected · meanInterval / window}: shorter intervals mean more
   * heartbeats to share the same budget.
   *
   * @param expected positive and finite
   * @param window positive
   */
  record PerWindow(double expected, Duration window) implements SuspicionTarget {
    public PerWindow {
      if (!(expected > 0) || Double.isInfinite(expected)) {
        throw new IllegalArgumentException(
            "expected false suspicions must be positive and finite, was " + expected);
      }
      CheckpointIntervals.requirePositive("window", window);
    }

    @Override
    public double perHeartbeat(Duration meanInterval) {
      return expected * CheckpointIntervals.seconds(meanInterval) / CheckpointIntervals.seconds(window);
    }
  }
}
