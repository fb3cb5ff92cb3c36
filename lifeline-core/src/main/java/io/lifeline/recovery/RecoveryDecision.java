package io.lifeline.recovery;

import java.time.Duration;
import java.util.Objects;

/**
 * What to do about a failed attempt: the seed article's retry → replace → abort ladder, made
 * complete. Computed by {@link RecoveryPlanner#decide}, a pure function.
 */
public sealed interface RecoveryDecision {

  /** Short name for the history and metrics: Retry, Replace, Fallback, Wait, DeadLetter. */
  default String action() {
    return getClass().getSimpleName();
  }

  /** Try again on the same agent after {@code delay} (backoff with full jitter). */
  record Retry(String agentId, Duration delay) implements RecoveryDecision {
    public Retry {
      Objects.requireNonNull(agentId, "agentId");
      Objects.requireNonNull(delay, "delay");
    }
  }

  /** Try again at once on another compatible agent, resuming from the latest checkpoint. */
  record Replace(String agentId) implements RecoveryDecision {
    public Replace {
      Objects.requireNonNull(agentId, "agentId");
    }
  }

  /**
   * Switch to fallback variant {@code variant} (1-based index into the step's fallbacks) after
   * {@code delay}: zero, or the backoff of a retry that a job low on budget runs on a cheaper variant.
   */
  record Fallback(int variant, String agentId, Duration delay) implements RecoveryDecision {
    public Fallback {
      Objects.requireNonNull(agentId, "agentId");
      Objects.requireNonNull(delay, "delay");
    }

    /** At once. */
    public Fallback(int variant, String agentId) {
      this(variant, agentId, Duration.ZERO);
    }
  }

  /** No agent can take it now (all cooling down or busy elsewhere): try again after {@code delay}. */
  record Wait(Duration delay, String why) implements RecoveryDecision {
    public Wait {
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(why, "why");
    }
  }

  /** Give up on the step: the job fails with {@code reason} (I2: a definite outcome). */
  record DeadLetter(String reason) implements RecoveryDecision {
    public DeadLetter {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
