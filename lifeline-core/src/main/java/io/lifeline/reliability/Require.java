package io.lifeline.reliability;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the models; every message names the parameter and the value. */
final class Require {

  private Require() {}

  static double probability(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be a probability in [0, 1], was " + value);
    }
    return value;
  }

  static int atLeast(String name, int value, int minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException(name + " must be at least " + minimum + ", was " + value);
    }
    return value;
  }

  static Duration notNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
    return value;
  }

  /** A positive duration in seconds; see {@link CheckpointIntervals#requirePositive}. */
  static double positiveSeconds(String name, Duration value) {
    return CheckpointIntervals.seconds(CheckpointIntervals.requirePositive(name, value));
  }

  static double notNegativeSeconds(String name, Duration value) {
    return CheckpointIntervals.seconds(notNegative(name, value));
  }
}
