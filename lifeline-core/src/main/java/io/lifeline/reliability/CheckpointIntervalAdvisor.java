package io.lifeline.reliability;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Suggests each agent kind's checkpoint interval from what the engine has measured: Daly's
 * interval ({@link CheckpointIntervals#daly}) for that kind's mean time between failures and
 * checkpoint cost, clamped to [{@link Settings#minInterval()}, {@link Settings#maxInterval()}].
 *
 * <p><b>Mean time between failures</b> = run time / failures, over every attempt of the kind, with
 * a prior: one pseudo-failure after {@link Settings#priorMtbf()} of pseudo run time, i.e.
 * {@code M = (runTime + priorMtbf) / (failures + 1)}. (This is the posterior mean of a failure rate
 * with a Gamma(1, priorMtbf) prior, inverted.) It gives the prior with no data, grows with the run
 * time of a kind that never fails instead of jumping to infinity, and lets the data dominate after
 * a few real failures.
 *
 * <p><b>Checkpoint cost</b> is the durable commit latency of the kind's checkpoints, smoothed as an
 * exponentially weighted moving average: the first measurement replaces the prior outright (any
 * measurement beats a guess), later ones move the average by {@link Settings#costSmoothing()}.
 *
 * <p>No clock inside: the caller measures the Durations. Thread-safe: each record is one atomic
 * update of its kind's statistics, and {@link #suggest} reads one consistent snapshot of them.
 */
public final class CheckpointIntervalAdvisor {

  /**
   * The advisor's priors and bounds.
   *
   * @param priorMtbf the mean time between failures assumed before any failure is seen
   * @param priorCheckpointCost the checkpoint cost assumed before any is measured
   * @param costSmoothing EWMA weight of a new cost measurement, in (0, 1]
   * @param minInterval the shortest interval ever suggested
   * @param maxInterval the longest interval ever suggested; at least {@code minInterval}
   */
  public record Settings(
      Duration priorMtbf,
      Duration priorCheckpointCost,
      double costSmoothing,
      Duration minInterval,
      Duration maxInterval) {

    /**
     * <ul>
     *   <li>prior MTBF 1 h: hosted models fail hourly to daily (provider incidents, 5xx bursts,
     *       OOM restarts); assuming the pessimistic end costs only a few extra checkpoints, and
     *       as one pseudo-failure it weighs no more than one real failure;
     *   <li>prior cost 20 ms: a durable commit is 1-10 ms of fsync on SSD (SQLite WAL, PostgreSQL
     *       synchronous commit) plus serialization; the pessimistic end again;
     *   <li>smoothing 0.2: a sample's weight halves after three more (0.8³ ≈ 0.5), so the
     *       average follows a store that slows under load within a few checkpoints while one
     *       slow fsync moves it only a fifth of the way;
     *   <li>min 1 s: text streams at tens of tokens a second, so a checkpoint per second already
     *       saves all but a sentence, and more frequent commits only load the store;
     *   <li>max 5 min: bounds the work a failure can cost even for a kind that has never failed
     *       (whose MTBF estimate grows with its run time); longer than most single generations.
     * </ul>
     * With both priors, Daly gives 12 s.
     */
    public static final Settings DEFAULT =
        new Settings(
            Duration.ofHours(1),
            Duration.ofMillis(20),
            /* costSmoothing= */ 0.2,
            Duration.ofSeconds(1),
            Duration.ofMinutes(5));

    public Settings {
      CheckpointIntervals.requirePositive("priorMtbf", priorMtbf);
      CheckpointIntervals.requirePositive("priorCheckpointCost", priorCheckpointCost);
      if (!(costSmoothing > 0 && costSmoothing <= 1)) {
        throw new IllegalArgumentException("costSmoothing must be in (0, 1], was " + costSmoothing);
      }
      CheckpointIntervals.requirePositive("minInterval", minInterval);
      CheckpointIntervals.requirePositive("maxInterval", maxInterval);
      if (maxInterval.compareTo(minInterval) < 0) {
        throw new IllegalArgumentException(
            "maxInterval must be at least minInterval (" + minInterval + "), was " + maxInterval);
      }
    }
  }

  /** One kind's statistics; replaced as a whole on each update. {@code costSeconds} NaN = none yet. */
  private record KindStats(Duration runTime, long failures, double costSeconds) {
    static final KindStats EMPTY = new KindStats(Duration.ZERO, 0, Double.NaN);
  }

  /** A measured cost of zero (a memory store) still needs a positive δ for Daly's formula. */
  private static final Duration SMALLEST_COST = Duration.ofNanos(1);

  private final Settings settings;
  private final ConcurrentHashMap<String, KindStats> kinds = new ConcurrentHashMap<>();

  public CheckpointIntervalAdvisor() {
    this(Settings.DEFAULT);
  }

  public CheckpointIntervalAdvisor(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Records one finished attempt of {@code agentKind}.
   *
   * @param runTime how long the attempt ran; not negative
   * @param failed whether it ended in a fault that loses work in progress (crash, hang, transient
   *     error, lost agent): the failures checkpoints protect against. An attempt rejected for its
   *     output (invalid, low quality, refused) ran to its end and counts as not failed.
   */
  public void recordAttempt(String agentKind, Duration runTime, boolean failed) {
    requireKind(agentKind);
    requireNotNegative("runTime", runTime);
    kinds.compute(
        agentKind,
        (kind, old) -> {
          KindStats stats = old == null ? KindStats.EMPTY : old;
          return new KindStats(
              stats.runTime().plus(runTime), stats.failures() + (failed ? 1 : 0), stats.costSeconds());
        });
  }

  /** Records how long one durable checkpoint commit of {@code agentKind} took; not negative. */
  public void recordCheckpointCost(String agentKind, Duration commitLatency) {
    requireKind(agentKind);
    double sample = CheckpointIntervals.seconds(requireNotNegative("commitLatency", commitLatency));
    kinds.compute(
        agentKind,
        (kind, old) -> {
          KindStats stats = old == null ? KindStats.EMPTY : old;
          double cost =
              Double.isNaN(stats.costSeconds())
                  ? sample
                  : stats.costSeconds() + settings.costSmoothing() * (sample - stats.costSeconds());
          return new KindStats(stats.runTime(), stats.failures(), cost);
        });
  }

  /** The estimated mean time between failures of {@code agentKind}, prior included. */
  public Duration mtbf(String agentKind) {
    return mtbf(stats(agentKind));
  }

  /** The smoothed checkpoint cost of {@code agentKind}, or the prior before any measurement. */
  public Duration checkpointCost(String agentKind) {
    return checkpointCost(stats(agentKind));
  }

  /** Daly's interval for {@code agentKind}'s estimates, clamped to the settings' bounds. */
  public Duration suggest(String agentKind) {
    KindStats stats = stats(agentKind);
    Duration interval = CheckpointIntervals.daly(checkpointCost(stats), mtbf(stats));
    if (interval.compareTo(settings.minInterval()) < 0) {
      return settings.minInterval();
    }
    return interval.compareTo(settings.maxInterval()) > 0 ? settings.maxInterval() : interval;
  }

  private KindStats stats(String agentKind) {
    requireKind(agentKind);
    return kinds.getOrDefault(agentKind, KindStats.EMPTY);
  }

  private Duration mtbf(KindStats stats) {
    return stats.runTime().plus(settings.priorMtbf()).dividedBy(stats.failures() + 1);
  }

  private Duration checkpointCost(KindStats stats) {
    if (Double.isNaN(stats.costSeconds())) {
      return settings.priorCheckpointCost();
    }
    Duration cost = CheckpointIntervals.ofSeconds(stats.costSeconds());
    return cost.compareTo(SMALLEST_COST) < 0 ? SMALLEST_COST : cost;
  }

  private static void requireKind(String agentKind) {
    Objects.requireNonNull(agentKind, "agentKind");
    if (agentKind.isBlank()) {
      throw new IllegalArgumentException("agentKind must not be blank, was '" + agentKind + "'");
    }
  }

  private static Duration requireNotNegative(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, was " + value);
    }
    return value;
  }
}
