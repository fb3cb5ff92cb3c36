package io.lifeline.reliability;

import java.time.Duration;
import java.util.Objects;

/**
 * How often to checkpoint, given what a checkpoint costs ({@code δ}) and how long the work runs
 * between failures ({@code M}, the mean time between failures). Pure functions of Durations.
 *
 * <ul>
 *   <li>Young (1974): {@code T = sqrt(2·δ·M)}, the first-order optimum.
 *   <li>Daly (2006), the higher-order form: {@code T = sqrt(2δM)·[1 + (1/3)·sqrt(δ/(2M)) +
 *       (1/9)·(δ/(2M))] − δ} for {@code δ < 2M}, else {@code T = M}. Better when failures are
 *       frequent compared to the checkpoint cost; Daly's published check, with δ = 5 min, is
 *       117 min at M = 24 h, 57 min at 6 h and 9.1 min at 15 min.
 * </ul>
 *
 * <p><b>The seed article's error.</b> Its section 4.2 gives {@code T = sqrt(2·δ·C/λ)} with δ the
 * checkpoint duration, C the checkpoint overhead and λ the failure rate. Its units are
 * time · time / (1/time) = time³ under the root, so T comes out in time^1.5: not a time at all.
 * Its example (λ = 1/4 per hour, δ = 2 min, C = 5 min) gives 0.149 "hours" ≈ 9 min only because
 * it is computed in hours; in minutes the same numbers give sqrt(2·2·5·240) ≈ 69 "minutes". Young's
 * formula has one cost, the time lost per checkpoint (the article counts it twice, as δ and C),
 * and the mean time between failures 1/λ: for its example {@code sqrt(2 · 2 min · 240 min)} ≈
 * <b>31 min</b> (Daly: 29.7 min), whatever the unit.
 */
public final class CheckpointIntervals {

  private CheckpointIntervals() {}

  /**
   * Young's interval {@code sqrt(2·δ·M)}.
   *
   * @param checkpointCost δ, the time one checkpoint costs; positive
   * @param mtbf M, the mean time between failures; positive
   */
  public static Duration young(Duration checkpointCost, Duration mtbf) {
    double delta = seconds(requirePositive("checkpointCost", checkpointCost));
    double m = seconds(requirePositive("mtbf", mtbf));
    return ofSeconds(Math.sqrt(2 * delta * m));
  }

  /**
   * Daly's higher-order interval; {@code M} itself when {@code δ >= 2M} (a checkpoint costs as
   * much as the work it protects, so checkpoint once per failure-free stretch).
   *
   * @param checkpointCost δ, the time one checkpoint costs; positive
   * @param mtbf M, the mean time between failures; positive
   */
  public static Duration daly(Duration checkpointCost, Duration mtbf) {
    double delta = seconds(requirePositive("checkpointCost", checkpointCost));
    double m = seconds(requirePositive("mtbf", mtbf));
    if (delta >= 2 * m) {
      return mtbf;
    }
    double ratio = delta / (2 * m);
    double interval = Math.sqrt(2 * delta * m) * (1 + Math.sqrt(ratio) / 3 + ratio / 9) - delta;
    return ofSeconds(interval);
  }

  static Duration requirePositive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
    return value;
  }

  static double seconds(Duration value) {
    return value.getSeconds() + value.getNano() / 1e9;
  }

  /** The duration nearest to {@code seconds}, which is not negative; saturates at the maximum. */
  static Duration ofSeconds(double seconds) {
    if (seconds >= Long.MAX_VALUE) {
      return Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    }
    long whole = (long) Math.floor(seconds);
    return Duration.ofSeconds(whole, Math.round((seconds - whole) * 1e9));
  }
}
