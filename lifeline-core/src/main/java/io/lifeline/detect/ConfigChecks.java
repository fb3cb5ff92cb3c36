package io.lifeline.detect;

import java.time.Duration;
import java.util.Objects;

/** The checks the detector configs share, so that every field fails with the same kind of message. */
final class ConfigChecks {

  /** The longest duration a detector can measure: its arithmetic is in {@code long} nanoseconds. */
  static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

  private ConfigChecks() {}

  /** Returns {@code value} if it lies in (0, {@link #MAX}], else fails naming the field and value. */
  static Duration requirePositive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
    if (value.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          field + " must be at most " + MAX + " (nanoseconds in a long), was " + value);
    }
    return value;
  }

  /** Returns {@code value} if it lies in [0, {@link #MAX}], else fails naming the field and value. */
  static Duration requireNonNegative(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, was " + value);
    }
    return value.isZero() ? value : requirePositive(field, value);
  }

  /** Requires {@code shorter < longer}; both are named in the message. */
  static void requireShorter(String shorterField, Duration shorter, String longerField, Duration longer) {
    if (shorter.compareTo(longer) >= 0) {
      throw new IllegalArgumentException(
          shorterField + " must be shorter than " + longerField + ", was " + shorter + " >= " + longer);
    }
  }
}
