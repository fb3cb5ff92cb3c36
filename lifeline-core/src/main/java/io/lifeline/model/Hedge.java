package io.lifeline.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A step's hedging: when its attempt runs longer than {@code after} (by default the p95 latency
 * the engine measured for that agent kind), a second attempt starts on another agent. The first
 * valid result wins; the other attempt is cancelled and its late result rejected by fencing.
 *
 * @param after a fixed delay, or empty for the measured p95 of the agent kind (no hedging until
 *     enough attempts were measured)
 */
public record Hedge(Optional<Duration> after) {

  public Hedge {
    Objects.requireNonNull(after, "after");
    after.ifPresent(d -> {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("hedge must be positive, was " + d);
      }
    });
  }

  public static Hedge atP95() {
    return new Hedge(Optional.empty());
  }

  public static Hedge after(Duration delay) {
    return new Hedge(Optional.of(delay));
  }
}
