package io.lifeline.recovery;

import io.lifeline.recovery.RecoveryDecision.DeadLetter;
import io.lifeline.recovery.RecoveryDecision.Replace;
import io.lifeline.recovery.RecoveryDecision.Retry;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The seed article's RecoveryManager, as a baseline: whatever the failure, retry on the same agent
 * at once up to three times, then replace it with a random active compatible agent, else abort.
 * It ignores the failure kind (a 429 is retried like a crash) and has no backoff. Its defects that
 * would make a comparison meaningless are not reproduced: retries are counted once, the
 * replacement it names is the one dispatched, and the step's attempt limit still bounds it (I4).
 */
public final class SeedArticlePolicy implements RecoveryPolicy {

  /** The article's {@code max_retries=3}. */
  static final int MAX_RETRIES = 3;

  @Override
  public RecoveryDecision decide(FailedAttempt failed, List<AgentView> pool, RandomGenerator random) {
    if (failed.history().size() >= failed.step().retry().maxAttempts() || failed.jobAttemptsLeft() <= 0) {
      return new DeadLetter("attempts exhausted after " + failed.failure().kind());
    }
    boolean sameAgentActive = pool.stream().anyMatch(a -> a.id().equals(failed.agentId()) && a.usable());
    if (failed.history().size() <= MAX_RETRIES && sameAgentActive) {
      return new Retry(failed.agentId(), Duration.ZERO);
    }
    var selector = failed.step().selectorFor(failed.variant());
    var candidates = pool.stream()
        .filter(AgentView::usable)
        .filter(a -> a.spec().matches(failed.step().kind(), selector))
        .toList();
    if (candidates.isEmpty()) {
      return new DeadLetter("no_available_agents");
    }
    return new Replace(candidates.get(random.nextInt(candidates.size())).id());
  }
}
