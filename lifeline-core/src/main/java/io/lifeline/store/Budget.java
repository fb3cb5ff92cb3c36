package io.lifeline.store;

/**
 * What one job may spend in all its attempts, failed ones included (I4).
 *
 * @param maxAttempts attempts over all steps
 * @param maxTokens model tokens; 0 = no limit
 * @param maxCost cost units; 0 = no limit
 * @param lowAt the fraction of the tokens or of the cost still left at which the job counts as low
 *     on budget ({@link #isLow}): from then on its steps go to the cheapest fit agents and, after a
 *     failure, to cheaper fallback variants, so that it finishes degraded rather than dead-lettered.
 *     0 = only once spent; 1 = always
 */
public record Budget(int maxAttempts, long maxTokens, double maxCost, double lowAt) {

  /**
   * A quarter left: late enough that a job with a healthy budget keeps its least loaded agents, early
   * enough that some budget remains to finish on cheap ones. The engine's fixed point before lowAt.
   */
  public static final double DEFAULT_LOW_AT = 0.25;

  /** Generous enough for a five-step workflow that meets several faults per step. */
  public static final Budget DEFAULT = new Budget(40, 1_000_000, 1_000);

  public Budget {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("budget.maxAttempts must be >= 1, was " + maxAttempts);
    }
    if (maxTokens < 0) {
      throw new IllegalArgumentException("budget.maxTokens must be >= 0, was " + maxTokens);
    }
    if (!(maxCost >= 0)) {
      throw new IllegalArgumentException("budget.maxCost must be >= 0, was " + maxCost);
    }
    if (!(lowAt >= 0 && lowAt <= 1)) {
      throw new IllegalArgumentException("budget.lowAt must be between 0 and 1, was " + lowAt);
    }
  }

  /** A budget that turns low with {@link #DEFAULT_LOW_AT} left. */
  public Budget(int maxAttempts, long maxTokens, double maxCost) {
    this(maxAttempts, maxTokens, maxCost, DEFAULT_LOW_AT);
  }

  public Budget withMaxTokens(long value) {
    return new Budget(maxAttempts, value, maxCost, lowAt);
  }

  public Budget withMaxCost(double value) {
    return new Budget(maxAttempts, maxTokens, value, lowAt);
  }

  /**
   * Whether a job that used {@code tokensUsed} and {@code costUsed} has at most {@code lowAt} of its
   * token or its cost budget left. Attempts do not count: a cheaper agent saves none.
   */
  public boolean isLow(long tokensUsed, double costUsed) {
    boolean tokensLow = maxTokens > 0 && maxTokens - tokensUsed <= lowAt * maxTokens;
    boolean costLow = maxCost > 0 && maxCost - costUsed <= lowAt * maxCost;
    return tokensLow || costLow;
  }
}
