package io.lifeline.recovery;

import io.lifeline.model.Failure;
import io.lifeline.model.StepSpec;
import io.lifeline.store.AttemptRecord;
import java.util.List;
import java.util.Objects;

/**
 * Everything about a failed attempt that the recovery decision depends on.
 *
 * @param step the step as declared
 * @param variant the fallback variant the attempt ran (0 = primary)
 * @param agentId the agent that ran it
 * @param failure what went wrong
 * @param history the step's finished attempts, this one included as the last
 * @param attemptsStarted the step's attempts so far, by attempt number: more than the history
 *     when attempts were lost in an engine restart, or a hedge twin is still running; all count
 *     against the step's limit (I4)
 * @param jobAttemptsLeft attempts the job's budget still allows
 * @param budgetLow whether the job is low on tokens or cost ({@link io.lifeline.store.Budget#isLow}):
 *     recovery then picks the cheapest agents and moves to cheaper fallback variants
 */
public record FailedAttempt(
    StepSpec step, int variant, String agentId, Failure failure, List<AttemptRecord> history,
    int attemptsStarted, int jobAttemptsLeft, boolean budgetLow) {

  public FailedAttempt {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(failure, "failure");
    history = List.copyOf(history);
    if (attemptsStarted < history.size()) {
      throw new IllegalArgumentException("attemptsStarted must be at least the " + history.size()
          + " attempts of the history, was " + attemptsStarted);
    }
  }
}
