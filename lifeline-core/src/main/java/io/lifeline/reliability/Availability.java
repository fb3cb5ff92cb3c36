package io.lifeline.reliability;

import java.time.Duration;

/**
 * Steady-state availability: the long-run fraction of time something is up, when failures and
 * repairs keep alternating. Failures at rate {@code λ = 1/MTBF}, repairs at rate
 * {@code μ = 1/MTTR}.
 *
 * <p>One agent alternates up periods (mean MTBF) and repair periods (mean MTTR), so by the renewal
 * reward theorem it is up {@code MTBF / (MTBF + MTTR) = μ / (λ + μ)} of the time, whatever the
 * distributions of the periods. Several agents are a {@link RepairableGroup}.
 */
public final class Availability {

  private Availability() {}

  /**
   * {@code μ / (λ + μ) = MTBF / (MTBF + MTTR)}.
   *
   * @param mtbf mean time between failures (mean up time); positive
   * @param mttr mean time to repair; not negative (zero: repaired at once, always available)
   */
  public static double single(Duration mtbf, Duration mttr) {
    double up = Require.positiveSeconds("mtbf", mtbf);
    double down = Require.notNegativeSeconds("mttr", mttr);
    return up / (up + down);
  }

  /**
   * The steady-state probability that at least {@code k} of {@code n} identical agents are up,
   * with {@code repairCrews} agents repaired at a time; see {@link RepairableGroup}.
   */
  public static double kOutOfN(int k, int n, Duration mtbf, Duration mttr, int repairCrews) {
    return new RepairableGroup(n, mtbf, mttr, repairCrews).availability(k);
  }
}
