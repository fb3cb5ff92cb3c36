package io.lifeline.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one attempt may take.
 *
 * @param total from dispatch to result, whatever happens
 * @param noProgress without a heartbeat or checkpoint from the attempt; LLM calls can be silent
 *     and alive for a long time, so long silent work should call {@code heartbeat()}
 */
public record Deadlines(Duration total, Duration noProgress) {

  /** Ten minutes covers a long generation; two silent minutes is a hang for any provider we know. */
  public static final Deadlines DEFAULT = new Deadlines(Duration.ofMinutes(10), Duration.ofMinutes(2));

  public Deadlines {
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(noProgress, "noProgress");
    requirePositive("timeout", total);
    requirePositive("noProgressTimeout", noProgress);
    if (noProgress.compareTo(total) > 0) {
      throw new IllegalArgumentException(
          "noProgressTimeout must not exceed timeout, was " + noProgress + " > " + total);
    }
  }

  static void requirePositive(String field, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
  }
}
