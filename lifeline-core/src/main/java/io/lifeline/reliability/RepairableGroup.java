package io.lifeline.reliability;

import java.time.Duration;

/**
 * {@code n} identical agents that fail and get repaired: each up agent fails at rate
 * {@code λ = 1/MTBF}; {@code repairCrews} (r) agents are repaired at a time, each at rate
 * {@code μ = 1/MTTR}, the others wait. Both times exponential.
 *
 * <h2>The birth–death chain</h2>
 *
 * The state is the number {@code j} of agents down. From {@code j} the chain moves to
 * {@code j + 1} at rate {@code (n − j)·λ} (any of the up agents fails) and to {@code j − 1} at rate
 * {@code min(j, r)·μ} (each busy crew finishes). In steady state the probability flow across the
 * cut between {@code j} and {@code j + 1} balances:
 *
 * <pre>  π(j)·(n − j)·λ = π(j + 1)·min(j + 1, r)·μ
 *  ⇒ π(j) = π(0) · Π_{i=0..j−1} (n − i)·λ / (min(i + 1, r)·μ),   Σ π(j) = 1.</pre>
 *
 * <ul>
 *   <li>With {@code r = n} (every agent repaired independently, the default) the product is
 *       {@code C(n, j)·(λ/μ)^j}, so {@code π(j) = C(n,j)·(λ/(λ+μ))^j·(μ/(λ+μ))^(n−j)}: the
 *       binomial of single-agent availabilities {@code μ/(λ+μ)}, as independence demands.
 *   <li>With fewer crews the repair rate stops growing past {@code r} agents down, so failed agents
 *       queue for repair, the chain spends longer in the bad states and availability falls.
 * </ul>
 *
 * The weights are summed in logarithms, so thousands of agents with any rates neither overflow nor
 * underflow.
 *
 * <h2>Reliability with repair</h2>
 *
 * {@link #reliability} is the chance that, starting with every agent up, the group never has
 * fewer than {@code k} up during the horizon: the chain with the states {@code j > n − k} merged
 * into one absorbing state, and the survival {@code S(t) = e₀·exp(Q·t)·1} with {@code Q} the
 * generator restricted to the {@code m = n − k + 1} transient states. {@code exp(Q·t)} is computed
 * by scaling and squaring: {@code t = 2^s·h} with {@code Λ·h ≤ 1} ({@code Λ} the fastest exit
 * rate), {@code exp(Q·h) = e^(−Λh)·Σ (Λh)^i/i!·P^i} with {@code P = I + Q/Λ} (uniformization, in
 * which every term is non-negative, so nothing cancels), then squared {@code s} times. O(m³·log(Λt))
 * time, hence the limit of {@value #MAX_TRANSIENT_STATES} transient states.
 *
 * @param n agents, at least 1
 * @param mtbf each agent's mean time between failures; positive
 * @param mttr each agent's mean repair time; positive
 * @param repairCrews agents under repair at once, 1 to {@code n}
 */
public record RepairableGroup(int n, Duration mtbf, Duration mttr, int repairCrews) {

  /**
   * Largest {@code n − k + 1} for {@link #reliability}: 200³ multiply-adds per matrix product,
   * times about 70 products for the longest horizons, is about half a second; pools that large
   * are better described by their availability.
   */
  public static final int MAX_TRANSIENT_STATES = 200;

  /** Terms of the uniformized series below this weight are dropped (beyond double precision). */
  private static final double NEGLIGIBLE = 1e-18;

  public RepairableGroup {
    Require.atLeast("n", n, 1);
    Require.positiveSeconds("mtbf", mtbf);
    Require.positiveSeconds("mttr", mttr);
    if (repairCrews < 1 || repairCrews > n) {
      throw new IllegalArgumentException(
          "repairCrews must be between 1 and n (" + n + "), was " + repairCrews);
    }
  }

  /** Every agent repaired independently: {@code repairCrews = n}. */
  public static RepairableGroup independent(int n, Duration mtbf, Duration mttr) {
    return new RepairableGroup(n, mtbf, mttr, n);
  }

  /** The steady-state distribution of the number of agents up: element {@code u} is P(u up). */
  public double[] stationary() {
    double logRatio = Math.log(failureRate() / repairRate());
    double[] logWeight = new double[n + 1]; // by agents down
    for (int j = 1; j <= n; j++) {
      logWeight[j] = logWeight[j - 1] + logRatio + Math.log((double) (n - j + 1) / Math.min(j, repairCrews));
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double w : logWeight) {
      max = Math.max(max, w);
    }
    double total = 0;
    for (double w : logWeight) {
      total += Math.exp(w - max);
    }
    double[] byUp = new double[n + 1];
    for (int j = 0; j <= n; j++) {
      byUp[n - j] = Math.exp(logWeight[j] - max) / total;
    }
    return byUp;
  }

  /** The steady-state probability that at least {@code k} agents are up, {@code 1 ≤ k ≤ n}. */
  public double availability(int k) {
    requireK(k);
    double[] byUp = stationary();
    double sum = 0;
    for (int up = k; up <= n; up++) {
      sum += byUp[up];
    }
    return Math.min(1, sum);
  }

  /**
   * The probability that at least {@code k} agents are up at every moment of {@code horizon},
   * starting with all {@code n} up and repairing as described above.
   *
   * @param k needed, 1 to {@code n}, with {@code n − k + 1 ≤} {@value #MAX_TRANSIENT_STATES}
   * @param horizon not negative
   */
  public double reliability(int k, Duration horizon) {
    requireK(k);
    double t = Require.notNegativeSeconds("horizon", horizon);
    int m = n - k + 1;
    if (m > MAX_TRANSIENT_STATES) {
      throw new IllegalArgumentException("n - k + 1 must be at most " + MAX_TRANSIENT_STATES
          + " for reliability with repair, was " + m);
    }
    double[][] q = new double[m][m];
    double fastest = 0;
    for (int j = 0; j < m; j++) {
      double fail = (n - j) * failureRate();
      double repair = Math.min(j, repairCrews) * repairRate();
      if (j + 1 < m) {
        q[j][j + 1] = fail; // from the last transient state a failure is absorbed: k are no longer up
      }
      if (j > 0) {
        q[j][j - 1] = repair;
      }
      q[j][j] = -(fail + repair);
      fastest = Math.max(fastest, fail + repair);
    }
    int squarings = Math.max(0, Math.getExponent(fastest * t) + 1);
    double[][] transition = uniformizedExponential(q, fastest, Math.scalb(t, -squarings));
    for (int i = 0; i < squarings; i++) {
      transition = multiply(transition, transition);
    }
    double survival = 0;
    for (double p : transition[0]) {
      survival += p;
    }
    return Math.min(1, Math.max(0, survival));
  }

  /** {@code exp(Q·h) = e^(−Λh)·Σ_i (Λh)^i/i!·(I + Q/Λ)^i} for {@code Λ·h ≤ 1}. */
  private static double[][] uniformizedExponential(double[][] q, double rate, double h) {
    int m = q.length;
    double[][] p = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        p[i][j] = (i == j ? 1 : 0) + q[i][j] / rate;
      }
    }
    double a = rate * h;
    double[][] power = identity(m);
    double[][] sum = identity(m);
    double weight = 1;
    for (int i = 1; weight > NEGLIGIBLE; i++) {
      power = multiply(power, p);
      weight *= a / i;
      for (int r = 0; r < m; r++) {
        for (int c = 0; c < m; c++) {
          sum[r][c] += weight * power[r][c];
        }
      }
    }
    double scale = Math.exp(-a);
    for (double[] row : sum) {
      for (int c = 0; c < m; c++) {
        row[c] *= scale;
      }
    }
    return sum;
  }

  private static double[][] identity(int m) {
    double[][] result = new double[m][m];
    for (int i = 0; i < m; i++) {
      result[i][i] = 1;
    }
    return result;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int m = a.length;
    double[][] result = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int l = 0; l < m; l++) {
        double ail = a[i][l];
        if (ail == 0) {
          continue;
        }
        for (int j = 0; j < m; j++) {
          result[i][j] += ail * b[l][j];
        }
      }
    }
    return result;
  }

  private double failureRate() {
    return 1 / CheckpointIntervals.seconds(mtbf);
  }

  private double repairRate() {
    return 1 / CheckpointIntervals.seconds(mttr);
  }

  private void requireK(int k) {
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k must be between 1 and n (" + n + "), was " + k);
    }
  }
}
