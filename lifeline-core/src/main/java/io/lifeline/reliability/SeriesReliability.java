package io.lifeline.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Reliability of agents that must all survive: a chain of steps each served by one agent, with
 * failures of each agent a Poisson process of rate {@code λᵢ = 1/MTBFᵢ} and no repair within the
 * horizon. {@code R(t) = Π exp(−λᵢ·t) = exp(−t·Σλᵢ)}: the system behaves as one component whose
 * failure rate is the sum of the rates, so its MTBF is {@code 1 / Σ(1/MTBFᵢ)}.
 *
 * <p>This is the seed article's section 4.1 formula, which is right as far as it goes; the article
 * then calls it a Markov model with recovery rate μ, but μ appears nowhere in it: with repair the
 * question becomes availability, see {@link Availability} and {@link RepairableGroup}.
 */
public final class SeriesReliability {

  private SeriesReliability() {}

  /**
   * The probability that one agent with mean time between failures {@code mtbf} runs through
   * {@code horizon} without a failure: {@code exp(−horizon/mtbf)}.
   *
   * @param mtbf positive
   * @param horizon not negative
   */
  public static double survival(Duration mtbf, Duration horizon) {
    double m = Require.positiveSeconds("mtbf", mtbf);
    double t = Require.notNegativeSeconds("horizon", horizon);
    return Math.exp(-t / m);
  }

  /**
   * The probability that every one of the agents runs through {@code horizon} without a failure.
   *
   * @param mtbfs each agent's mean time between failures; not empty, each positive
   * @param horizon not negative
   */
  public static double of(List<Duration> mtbfs, Duration horizon) {
    return Math.exp(-Require.notNegativeSeconds("horizon", horizon) * totalFailureRate(mtbfs));
  }

  /** The mean time between failures of the series system, {@code 1 / Σ(1/MTBFᵢ)}. */
  public static Duration mtbf(List<Duration> mtbfs) {
    return CheckpointIntervals.ofSeconds(1 / totalFailureRate(mtbfs));
  }

  /** {@code Σ 1/MTBFᵢ} in failures per second. */
  private static double totalFailureRate(List<Duration> mtbfs) {
    Objects.requireNonNull(mtbfs, "mtbfs");
    if (mtbfs.isEmpty()) {
      throw new IllegalArgumentException("mtbfs must not be empty");
    }
    double rate = 0;
    for (int i = 0; i < mtbfs.size(); i++) {
      rate += 1 / Require.positiveSeconds("mtbfs[" + i + "]", mtbfs.get(i));
    }
    return rate;
  }
}
