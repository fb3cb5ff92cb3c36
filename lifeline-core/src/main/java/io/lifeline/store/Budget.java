package io.lifeline.store;

/**
 * What one job may spend in all its attempts, failed ones included (I4).
 *
 * @param maxAttempts attempts over all steps
 * @param maxTokens model tokens
 * @param maxCost cost units
 */
public record Budget(int maxAttempts, long maxTokens, double maxCost) {

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
  }
}
