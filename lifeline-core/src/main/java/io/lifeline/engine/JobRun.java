package io.lifeline.engine;

import io.lifeline.model.Usage;
import io.lifeline.model.Workflow;
import io.lifeline.store.JobRecord;
import io.lifeline.store.JobState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The coordinator's mutable state of one active (non-terminal) job. */
final class JobRun {
  private JobRecord record;
  final Workflow workflow;
  final long order;
  final Map<String, StepRun> steps = new LinkedHashMap<>();

  JobRun(JobRecord record, Workflow workflow, long order) {
    this.record = record;
    this.workflow = workflow;
    this.order = order;
  }

  String id() {
    return record.jobId();
  }

  JobRecord record() {
    return record;
  }

  JobState state() {
    return record.state();
  }

  int attemptsLeft() {
    return record.budget().maxAttempts() - record.attemptsUsed();
  }

  /**
   * Whether tokens or cost reached the budget, counting what the running attempts reported so far
   * on top of what ended attempts were charged; empty when there is budget left.
   */
  Optional<String> spentOut() {
    var budget = record.budget();
    Usage spent = spent();
    if (spent.tokens() >= budget.maxTokens() && budget.maxTokens() > 0) {
      return Optional.of("token budget of " + budget.maxTokens() + " spent (" + spent.tokens() + ")");
    }
    if (spent.cost() >= budget.maxCost() && budget.maxCost() > 0) {
      return Optional.of("cost budget of " + budget.maxCost() + " spent (" + spent.cost() + ")");
    }
    return Optional.empty();
  }

  /**
   * Whether the spend, counted as by {@link #spentOut}, went past the token or cost budget: what
   * stops the job's running attempts. Reaching the budget exactly does not (an answer that ends on
   * its last token is within it); only going beyond it does.
   */
  Optional<String> overspent() {
    var budget = record.budget();
    Usage spent = spent();
    if (spent.tokens() > budget.maxTokens() && budget.maxTokens() > 0) {
      return Optional.of("token budget of " + budget.maxTokens() + " exceeded (" + spent.tokens() + ")");
    }
    if (spent.cost() > budget.maxCost() && budget.maxCost() > 0) {
      return Optional.of("cost budget of " + budget.maxCost() + " exceeded (" + spent.cost() + ")");
    }
    return Optional.empty();
  }

  /** The tokens an attempt starting now may use (empty = no token limit); at least 1 while not spent out. */
  OptionalLong tokensLeft() {
    long max = record.budget().maxTokens();
    return max == 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(0, max - spent().tokens()));
  }

  /** What ended attempts were charged, plus what the running ones reported so far. */
  private Usage spent() {
    Usage spent = new Usage(record.tokensUsed(), record.costUsed());
    for (var step : steps.values()) {
      for (var live : step.live.values()) {
        spent = spent.plus(live.reported);
      }
    }
    return spent;
  }

  /**
   * Whether the job is low on budget ({@link io.lifeline.store.Budget#isLow}): the point at which
   * dispatch prefers the cheapest agent and recovery cheaper fallback variants, so the job finishes
   * degraded rather than dead-lettered. Counted as {@link #spentOut} counts, running attempts'
   * reports included, so "low" never lags behind "spent".
   */
  boolean budgetLow() {
    Usage spent = spent();
    return record.budget().isLow(spent.tokens(), spent.cost());
  }

  void attemptStarted() {
    record = with(JobState.RUNNING, record.attemptsUsed() + 1, Usage.NONE, Optional.empty(), "");
  }

  void charge(Usage usage) {
    record = with(record.state(), record.attemptsUsed(), usage, record.finishedAt(), record.reason());
  }

  void finish(JobState state, Instant at, String reason) {
    record = with(state, record.attemptsUsed(), Usage.NONE, Optional.of(at), reason);
  }

  private JobRecord with(JobState state, int attempts, Usage extra, Optional<Instant> finished, String reason) {
    return new JobRecord(record.jobId(), record.workflow(), record.input(), record.idempotencyKey(),
        state, record.budget(), attempts, record.tokensUsed() + extra.tokens(),
        record.costUsed() + extra.cost(), record.submittedAt(), finished, reason);
  }
}
