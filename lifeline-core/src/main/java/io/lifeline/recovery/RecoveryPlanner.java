package io.lifeline.recovery;

import io.lifeline.detect.Health;
import io.lifeline.model.FailureKind;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.StepSpec;
import io.lifeline.recovery.RecoveryDecision.DeadLetter;
import io.lifeline.recovery.RecoveryDecision.Fallback;
import io.lifeline.recovery.RecoveryDecision.Replace;
import io.lifeline.recovery.RecoveryDecision.Retry;
import io.lifeline.recovery.RecoveryDecision.Wait;
import io.lifeline.store.AttemptRecord;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Decides how to recover a failed attempt: a pure function of the failure, the step's attempt
 * history, the pool of agents, the budget and a random source (for jitter and ties). The default
 * per failure kind follows DESIGN §2:
 *
 * <ul>
 *   <li>PERMANENT, or the step's or the job's attempts used up: dead-letter with the reason.
 *   <li>TRANSIENT: retry on the same agent with backoff, {@code sameAgentRetries} times, then replace;
 *       when the agent named a time to come back (an open circuit breaker), replace or wait that long.
 *   <li>INVALID_OUTPUT: retry once on the same agent, then replace.
 *   <li>AGENT_LOST, TIMEOUT: replace (resuming from the checkpoint); if nobody else can, retry.
 *   <li>RATE_LIMITED: another provider if one is free, else wait for the cool-down. Not counted
 *       against the step's attempts (the provider's fault), only against the job's budget.
 *   <li>RESOURCE_EXHAUSTED: the next fallback variant (smaller); else an agent with more capacity.
 *   <li>LOW_QUALITY, DRIFT: never the same agent with the same variant again — the same model with
 *       the same prompt tends to repeat what was rejected. First an agent of another model, then
 *       another agent of the same model, each preferring agents that have not failed the step at
 *       all; else the next fallback variant (another prompt or selector, any agent); else, while
 *       another registered agent could run the step once usable again (suspected, cooling down, or
 *       dead and expected to rejoin), wait for it; else dead-letter, saying that nothing else can
 *       run the step.
 *   <li>UNSAFE, REFUSED: the fallback chain — an agent of another provider (another
 *       {@linkplain io.lifeline.model.AgentSpec#quotaGroup() quota group}: another endpoint or
 *       account, whose model and moderation differ), the step's fallback variants (a rephrased
 *       prompt), any other agent — else dead-letter.
 * </ul>
 *
 * <p>Agents are compared by load, then by expected cost ({@link StepSpec#expectedCost}). When the
 * job is low on budget ({@link FailedAttempt#budgetLow()}) the ladder still decides what may run
 * the step, but cost comes first: every agent it names is the cheapest it allows, and a retry,
 * replacement or fallback moves on to the next fallback variant that would run cheaper, as long as
 * an agent that has not failed the step (or the one the ladder chose) can run it. A job then
 * finishes degraded rather than dead-lettered with BUDGET_EXHAUSTED.
 *
 * <p>Unlike the seed article, the decision names the agent, and the dispatcher honours it; retries
 * are counted once per attempt, in the history, not in a side table.
 */
public final class RecoveryPlanner {

  /** Delay before re-checking when no agent can take the step. */
  static final Duration NO_AGENT_WAIT = Duration.ofSeconds(1);

  /** How long to cool a provider that sent 429 without Retry-After. */
  public static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(5);

  /** Lifeline's recovery: the ladder above. */
  public static final RecoveryPolicy DEFAULT = RecoveryPlanner::decide;

  private RecoveryPlanner() {}

  public static RecoveryDecision decide(
      FailedAttempt failed, List<AgentView> pool, RandomGenerator random) {
    var decision = ladder(failed, pool, random);
    return failed.budgetLow() ? cheaperVariant(decision, failed, pool, random) : decision;
  }

  private static RecoveryDecision ladder(FailedAttempt failed, List<AgentView> pool, RandomGenerator random) {
    var step = failed.step();
    FailureKind kind = failed.failure().kind();
    if (kind == FailureKind.PERMANENT) {
      return new DeadLetter("permanent failure: " + failed.failure().message());
    }
    if (failed.jobAttemptsLeft() <= 0) {
      return new DeadLetter("BUDGET_EXHAUSTED: no attempts left in the job's budget; last failure "
          + kind + ": " + failed.failure().message());
    }
    long counted = RetryPolicy.counted(failed.attemptsStarted(), failed.history());
    if (kind != FailureKind.RATE_LIMITED && counted >= step.retry().maxAttempts()) {
      return new DeadLetter("step '" + step.id() + "' used " + counted + " of "
          + step.retry().maxAttempts() + " attempts; last " + kind + ": " + failed.failure().message());
    }
    int retryNumber = (int) counted; // 1 for the first retry
    if (kind == FailureKind.TRANSIENT && failed.failure().retryAfter().isPresent()) {
      // The agent said when it can take work again (its circuit breaker is open): another agent
      // now, else wait exactly that long instead of burning attempts on fast failures.
      return best(failed, pool, random, a -> !a.id().equals(failed.agentId()), failed.variant())
          .<RecoveryDecision>map(Replace::new)
          .orElse(new Wait(failed.failure().retryAfter().get(), "agent '" + failed.agentId()
              + "' is unavailable for " + failed.failure().retryAfter().get()));
    }
    return switch (kind) {
      case TRANSIENT -> trailingSameAgent(failed, kind) <= step.retry().sameAgentRetries()
              && usable(failed.agentId(), pool)
          ? new Retry(failed.agentId(), Backoff.delay(retryNumber, step.retry().baseDelay(), step.retry().maxDelay(), random))
          : replaceOrWait(failed, pool, random, Set.of(failed.agentId()), retryNumber);
      case INVALID_OUTPUT -> trailingSameAgent(failed, kind) <= 1 && usable(failed.agentId(), pool)
          ? new Retry(failed.agentId(), Duration.ZERO)
          : replaceOrWait(failed, pool, random, Set.of(failed.agentId()), retryNumber);
      case AGENT_LOST, TIMEOUT -> replaceOrWait(failed, pool, random, Set.of(failed.agentId()), retryNumber);
      case RATE_LIMITED -> rateLimited(failed, pool, random);
      case RESOURCE_EXHAUSTED -> fallbackOr(failed, pool, random,
          () -> replaceOrDeadLetter(failed, pool, random, failedAgents(failed), "no agent with more capacity"));
      case LOW_QUALITY, DRIFT -> replaceDifferentModel(failed, pool, random)
          .orElseGet(() -> fallbackOr(failed, pool, random, () -> waitForUnrejected(failed, pool, random, retryNumber)));
      // The fallback chain: another provider first, then the step's fallback variants (a rephrased
      // prompt), then any other agent, else dead-letter with the reason.
      case UNSAFE, REFUSED -> otherProvider(failed, pool, random)
          .orElseGet(() -> fallbackOr(failed, pool, random,
              () -> replaceOrDeadLetter(failed, pool, random, failedAgents(failed),
                  "fallback chain exhausted after " + kind + ": " + failed.failure().message())));
      case PERMANENT -> throw new AssertionError("handled above");
    };
  }

  /**
   * With the budget low: instead of running {@code decision}'s variant on its agent, the first later
   * fallback variant whose cheapest usable agent — one that has not failed the step, or the chosen
   * one — is expected to cost less, after the same delay. Waits and dead letters stand.
   */
  private static RecoveryDecision cheaperVariant(RecoveryDecision decision, FailedAttempt failed,
      List<AgentView> pool, RandomGenerator random) {
    record Run(int variant, String agentId, Duration delay) {}
    Run run = switch (decision) {
      case Retry r -> new Run(failed.variant(), r.agentId(), r.delay());
      case Replace r -> new Run(failed.variant(), r.agentId(), Duration.ZERO);
      case Fallback f -> new Run(f.variant(), f.agentId(), f.delay());
      case Wait w -> null;
      case DeadLetter d -> null;
    };
    var chosen = run == null ? Optional.<AgentView>empty()
        : pool.stream().filter(a -> a.id().equals(run.agentId())).findFirst();
    if (chosen.isEmpty()) {
      return decision;
    }
    var step = failed.step();
    double cost = step.expectedCost(run.variant(), chosen.get().spec());
    Set<String> failedAgents = failedAgents(failed);
    for (int variant = run.variant() + 1; variant <= step.fallbacks().size(); variant++) {
      int v = variant;
      var cheaper = best(failed, pool, random, a -> (a.id().equals(run.agentId()) || !failedAgents.contains(a.id()))
          && step.expectedCost(v, a.spec()) < cost, v);
      if (cheaper.isPresent()) {
        return new Fallback(v, cheaper.get(), run.delay()); // a retry's backoff still applies
      }
    }
    return decision;
  }

  /**
   * Another agent on another provider than every agent that failed the step, same variant. A
   * provider is a {@linkplain io.lifeline.model.AgentSpec#quotaGroup() quota group} — an endpoint,
   * or the account an explicit group names — not the API dialect ({@code provider}): OpenAI and
   * Groq both speak OpenAI's API, yet run other models behind other moderation.
   */
  private static Optional<RecoveryDecision> otherProvider(FailedAttempt failed, List<AgentView> pool,
      RandomGenerator random) {
    Set<String> failedAgents = failedAgents(failed);
    Set<String> failedProviders = new HashSet<>();
    pool.stream().filter(a -> failedAgents.contains(a.id())).forEach(a -> failedProviders.add(a.spec().quotaGroup()));
    return best(failed, pool, random, a -> !failedAgents.contains(a.id())
        && !failedProviders.contains(a.spec().quotaGroup()), failed.variant()).map(Replace::new);
  }

  private static RecoveryDecision rateLimited(FailedAttempt failed, List<AgentView> pool, RandomGenerator random) {
    String group = pool.stream().filter(a -> a.id().equals(failed.agentId()))
        .map(a -> a.spec().quotaGroup()).findFirst().orElse(failed.agentId());
    var other = best(failed, pool, random, a -> !a.spec().quotaGroup().equals(group), failed.variant());
    if (other.isPresent()) {
      return new Replace(other.get());
    }
    Duration wait = failed.failure().retryAfter().orElse(DEFAULT_RATE_LIMIT_WAIT);
    return new Wait(wait, "quota group '" + group + "' is rate limited and no agent outside it can run the step");
  }

  private static RecoveryDecision replaceOrWait(
      FailedAttempt failed, List<AgentView> pool, RandomGenerator random, Set<String> exclude, int retryNumber) {
    var other = best(failed, pool, random, a -> !exclude.contains(a.id()), failed.variant());
    if (other.isPresent()) {
      return new Replace(other.get());
    }
    var step = failed.step();
    Duration delay = Backoff.delay(retryNumber, step.retry().baseDelay(), step.retry().maxDelay(), random);
    if (usable(failed.agentId(), pool)) {
      return new Retry(failed.agentId(), delay);
    }
    return noCompatibleAgent(failed, pool).orElse(new Wait(delay.plus(NO_AGENT_WAIT), "no healthy compatible agent"));
  }

  private static RecoveryDecision replaceOrDeadLetter(
      FailedAttempt failed, List<AgentView> pool, RandomGenerator random, Set<String> exclude, String reason) {
    return best(failed, pool, random, a -> !exclude.contains(a.id()), failed.variant())
        .<RecoveryDecision>map(Replace::new)
        .orElse(new DeadLetter(reason));
  }

  /**
   * After rejected content: an agent that did not produce rejected content at this variant —
   * another model first (the same model with the same prompt tends to repeat itself), then another
   * agent of the same model; each time one that has not failed the step at all first, then one that
   * failed it for another reason (a timeout says nothing about its writing).
   */
  private static Optional<RecoveryDecision> replaceDifferentModel(
      FailedAttempt failed, List<AgentView> pool, RandomGenerator random) {
    Set<String> failedAgents = failedAgents(failed);
    Set<String> rejected = rejectedAgents(failed);
    Set<String> rejectedModels = new HashSet<>();
    pool.stream().filter(a -> rejected.contains(a.id())).forEach(a -> rejectedModels.add(model(a)));
    List<Predicate<AgentView>> tiers = List.of(
        a -> !failedAgents.contains(a.id()) && !rejectedModels.contains(model(a)),
        a -> !rejected.contains(a.id()) && !rejectedModels.contains(model(a)),
        a -> !failedAgents.contains(a.id()),
        a -> !rejected.contains(a.id()));
    for (var tier : tiers) {
      var agent = best(failed, pool, random, tier, failed.variant());
      if (agent.isPresent()) {
        return Optional.of(new Replace(agent.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * After rejected content, when no other usable agent or fallback variant can run the step: wait
   * while an agent that has not produced rejected content at this variant is registered but
   * unusable for now — suspected, cooling down, or declared dead (a crashed worker rejoins under a
   * new incarnation); else dead-letter. Re-asking the agent that was rejected would spend the
   * step's attempts on the same model and prompt, which tend to repeat the same output. If the
   * other agent is still unusable when the wait ends, the dispatcher takes the agent it can get,
   * so the step's remaining attempts may still go to the rejected one.
   */
  private static RecoveryDecision waitForUnrejected(FailedAttempt failed, List<AgentView> pool,
      RandomGenerator random, int retryNumber) {
    var step = failed.step();
    Set<String> rejected = rejectedAgents(failed);
    Map<String, String> selector = step.selectorFor(failed.variant());
    var comingBack = pool.stream()
        .filter(a -> !rejected.contains(a.id()) && a.spec().matches(step.kind(), selector))
        .map(AgentView::id)
        .sorted()
        .toList();
    String kind = failed.failure().kind().toString();
    if (!comingBack.isEmpty()) {
      Duration delay = Backoff.delay(retryNumber, step.retry().baseDelay(), step.retry().maxDelay(), random);
      return new Wait(delay.plus(NO_AGENT_WAIT), kind + " output: waiting for " + String.join(", ", comingBack)
          + " (unusable for now), which did not produce it");
    }
    return new DeadLetter(kind + ": no other agent, model or fallback variant can run step '" + step.id()
        + "' (rejected: " + String.join(", ", new TreeSet<>(rejected))
        + "; the same agent with the same prompt tends to repeat its output); last: " + failed.failure().message());
  }

  private static String model(AgentView agent) {
    return agent.spec().capabilities().getOrDefault("model", agent.id());
  }

  private interface Otherwise {
    RecoveryDecision get();
  }

  private static RecoveryDecision fallbackOr(
      FailedAttempt failed, List<AgentView> pool, RandomGenerator random, Otherwise otherwise) {
    var step = failed.step();
    for (int variant = failed.variant() + 1; variant <= step.fallbacks().size(); variant++) {
      var agent = best(failed, pool, random, a -> true, variant);
      if (agent.isPresent()) {
        return new Fallback(variant, agent.get());
      }
    }
    return otherwise.get();
  }

  /** Dead-letter at once when no registered agent could ever run the step (I2: no endless wait). */
  private static Optional<RecoveryDecision> noCompatibleAgent(FailedAttempt failed, List<AgentView> pool) {
    var step = failed.step();
    Map<String, String> selector = step.selectorFor(failed.variant());
    boolean anyExists = pool.stream().anyMatch(a -> a.spec().matches(step.kind(), selector));
    return anyExists ? Optional.empty()
        : Optional.of(new DeadLetter("no agent of kind '" + step.kind() + "' matches " + selector));
  }

  /**
   * The best usable agent for {@code variant} that passes {@code filter}: least loaded, then
   * cheapest (cheapest first when the budget is low), then a random one among equals (so
   * replacements spread over the pool).
   */
  private static Optional<String> best(FailedAttempt failed, List<AgentView> pool, RandomGenerator random,
      Predicate<AgentView> filter, int variant) {
    var step = failed.step();
    Map<String, String> selector = step.selectorFor(variant);
    long tokens = step.expectedTokens(variant);
    Comparator<AgentView> byLoad = Comparator.comparingDouble(AgentView::load);
    Comparator<AgentView> byCost = Comparator.comparingDouble(a -> a.spec().costOf(tokens));
    var candidates = pool.stream()
        .filter(AgentView::usable)
        .filter(a -> a.spec().matches(step.kind(), selector))
        .filter(filter)
        .sorted((failed.budgetLow() ? byCost.thenComparing(byLoad) : byLoad.thenComparing(byCost))
            .thenComparing(AgentView::id))
        .toList();
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    var first = candidates.getFirst();
    var equals = candidates.stream()
        .filter(a -> byLoad.thenComparing(byCost).compare(a, first) == 0)
        .toList();
    return Optional.of(equals.get(random.nextInt(equals.size())).id());
  }

  private static boolean usable(String agentId, List<AgentView> pool) {
    return pool.stream().anyMatch(a -> a.id().equals(agentId) && a.usable() && a.health() == Health.HEALTHY);
  }

  /** How many of the latest attempts in a row failed on this agent with this kind. */
  private static int trailingSameAgent(FailedAttempt failed, FailureKind kind) {
    int count = 0;
    List<AttemptRecord> history = failed.history();
    for (int i = history.size() - 1; i >= 0; i--) {
      var record = history.get(i);
      if (!record.agentId().equals(failed.agentId()) || record.failure().orElse(null) != kind) {
        break;
      }
      count++;
    }
    return count;
  }

  /** The agents whose output at the current variant was rejected as LOW_QUALITY or DRIFT. */
  private static Set<String> rejectedAgents(FailedAttempt failed) {
    var agents = new HashSet<String>();
    agents.add(failed.agentId());
    for (var record : failed.history()) {
      var kind = record.failure().orElse(null);
      if ((kind == FailureKind.LOW_QUALITY || kind == FailureKind.DRIFT) && record.variant() == failed.variant()) {
        agents.add(record.agentId());
      }
    }
    return agents;
  }

  private static Set<String> failedAgents(FailedAttempt failed) {
    var agents = new HashSet<String>();
    for (var record : failed.history()) {
      if (record.failure().isPresent() && record.failure().get() != FailureKind.RATE_LIMITED) {
        agents.add(record.agentId());
      }
    }
    return agents;
  }
}
