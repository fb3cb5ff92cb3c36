package io.lifeline.recovery;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chooses how to recover a failed attempt. Must be a pure function of its arguments so that the
 * coordinator stays deterministic. {@link RecoveryPlanner#DEFAULT} is Lifeline's;
 * {@link SeedArticlePolicy} reproduces the seed article's, as a baseline for comparisons.
 */
@FunctionalInterface
public interface RecoveryPolicy {
  RecoveryDecision decide(FailedAttempt failed, List<AgentView> pool, RandomGenerator random);
}
