package io.lifeline.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A step's hedging: when its attempt has run longer than the hedge delay, a second attempt starts
 * on another agent. The first valid result wins; the other attempt is cancelled and its late
 * result rejected by fencing (I3). Both attempts count against the step's retries and the job's
 * budget, and a step hedges at most once per round of attempts.
 *
 * <h2>The delay</h2>
 * <ul>
 *   <li>{@link #after(Duration)} ({@code hedge: 8s}): a fixed delay.
 *   <li>{@link #atP95()} ({@code hedge: p95}): the p95 latency of the latest successful attempts of
 *       the step's agent kind (the last 100, kept in the store, so a restarted engine starts from
 *       what earlier processes measured). Below 20 measurements a p95 is a guess, and hedging on a
 *       guess either never fires or wastes attempts, so until then the step hedges after its
 *       {@linkplain #delayUntilMeasured cold-start delay}: {@code untilMeasured} if given
 *       ({@code hedge: {after: p95, untilMeasured: 8s}}), else half the step's total deadline.
 * </ul>
 *
 * <p>Why half the total deadline: it is the latest moment at which a second attempt that is as fast
 * as the first has already been still finishes before the first one's deadline, and it assumes
 * nothing else about a latency that a cold start does not know. It is deliberately conservative:
 * a hedge costs a whole attempt, and hedging earlier on no data would pay that on ordinary ones.
 *
 * @param after a fixed delay, or empty for the measured p95 of the agent kind
 * @param untilMeasured with {@code after} empty: the delay while the agent kind has fewer than 20
 *     measurements; empty for half the step's total deadline
 */
public record Hedge(Optional<Duration> after, Optional<Duration> untilMeasured) {

  public Hedge {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(untilMeasured, "untilMeasured");
    after.ifPresent(d -> requirePositive("hedge", d));
    untilMeasured.ifPresent(d -> requirePositive("hedge untilMeasured", d));
    if (after.isPresent() && untilMeasured.isPresent()) {
      throw new IllegalArgumentException("hedge untilMeasured applies only to a p95 hedge, not to a fixed delay of "
          + after.get() + "; was " + untilMeasured.get());
    }
  }

  /** Hedges at the measured p95; half the total deadline until enough attempts were measured. */
  public static Hedge atP95() {
    return new Hedge(Optional.empty(), Optional.empty());
  }

  /** Hedges at the measured p95; after {@code untilMeasured} until enough attempts were measured. */
  public static Hedge atP95(Duration untilMeasured) {
    return new Hedge(Optional.empty(), Optional.of(untilMeasured));
  }

  public static Hedge after(Duration delay) {
    return new Hedge(Optional.of(delay), Optional.empty());
  }

  /** The delay of a p95 hedge while its agent kind has too few measurements (see the class comment). */
  public Duration delayUntilMeasured(Deadlines deadlines) {
    return untilMeasured.orElseGet(() -> deadlines.total().dividedBy(2));
  }

  private static void requirePositive(String what, Duration d) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
  }
}
