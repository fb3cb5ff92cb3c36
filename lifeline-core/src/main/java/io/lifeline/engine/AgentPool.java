package io.lifeline.engine;

import io.lifeline.detect.Health;
import io.lifeline.model.StepSpec;
import io.lifeline.recovery.AgentView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The coordinator's agents: the current incarnation of each, with its detector verdict and load;
 * the providers cooling down after a 429; and which agent should take a step. Part of the
 * deterministic core: it reads no clock (callers pass the time) and visits agents in id order, so
 * ties break the same way in every run.
 */
final class AgentPool {

  /**
   * The agents that could take a step now.
   *
   * @param fresh the best free fit agent that has not failed the step; null if none
   * @param failedBefore the best free fit agent among those that failed it; null if none
   * @param freshBusy whether some fit agent that has not failed the step is merely busy
   */
  record Choice(AgentRun fresh, AgentRun failedBefore, boolean freshBusy) {}

  private static final Comparator<AgentRun> BY_LOAD =
      Comparator.comparingDouble((AgentRun a) -> (double) a.running / a.spec.concurrency());

  private final Map<String, AgentRun> agents = new TreeMap<>();
  /** Provider → ticker reading at which its cool-down ends. */
  private final Map<String, Long> coolUntil = new TreeMap<>();

  /** The current incarnation of an agent; null if it never joined. */
  AgentRun get(String agentId) {
    return agents.get(agentId);
  }

  Collection<AgentRun> all() {
    return agents.values();
  }

  boolean isEmpty() {
    return agents.isEmpty();
  }

  /** Makes {@code agent} the current incarnation of its id. */
  void put(AgentRun agent) {
    agents.put(agent.id(), agent);
  }

  /** Healthy, and its provider is not cooling down: it may be given work. */
  boolean usable(AgentRun agent) {
    return agent.health == Health.HEALTHY && !coolUntil.containsKey(agent.spec.quotaGroup());
  }

  /** Whether some usable agent could take a step of {@code kind} with {@code selector}, busy or not. */
  boolean hasCapacity(String kind, Map<String, String> selector) {
    return agents.values().stream().anyMatch(agent -> usable(agent) && agent.spec.matches(kind, selector));
  }

  /** Free slots of usable agents, by kind. */
  Map<String, Integer> freeSlotsByKind() {
    var free = new HashMap<String, Integer>();
    for (var agent : agents.values()) {
      if (usable(agent)) {
        free.merge(agent.spec.kind(), agent.spec.concurrency() - agent.running, Integer::sum);
      }
    }
    return free;
  }

  /**
   * The usable agents with a free slot that fit {@code variant} of {@code step}, leaving out
   * {@code excluded}: the best of those that have not failed it and the best of those that have —
   * the least loaded, then the cheapest ({@link StepSpec#expectedCost}); the cheapest first when
   * {@code frugal} (the job's budget runs low).
   */
  Choice choose(StepSpec step, int variant, Set<String> excluded, Set<String> failed, boolean frugal) {
    var selector = step.selectorFor(variant);
    long tokens = step.expectedTokens(variant);
    Comparator<AgentRun> byCost = Comparator.comparingDouble(a -> a.spec.costOf(tokens));
    var order = (frugal ? byCost.thenComparing(BY_LOAD) : BY_LOAD.thenComparing(byCost)).thenComparing(AgentRun::id);
    AgentRun fresh = null;
    AgentRun failedBefore = null;
    boolean freshBusy = false;
    for (var agent : agents.values()) {
      if (excluded.contains(agent.id()) || !usable(agent) || !agent.spec.matches(step.kind(), selector)) {
        continue;
      }
      boolean isFresh = !failed.contains(agent.id());
      if (!agent.hasFreeSlot()) {
        freshBusy |= isFresh;
      } else if (isFresh) {
        fresh = better(fresh, agent, order);
      } else {
        failedBefore = better(failedBefore, agent, order);
      }
    }
    return new Choice(fresh, failedBefore, freshBusy);
  }

  private static AgentRun better(AgentRun current, AgentRun candidate, Comparator<AgentRun> order) {
    return current == null || order.compare(candidate, current) < 0 ? candidate : current;
  }

  /** Cools quota group {@code group} down until {@code untilNanos}, or longer if it already was. */
  void cool(String group, long untilNanos) {
    coolUntil.merge(group, untilNanos, (a, b) -> b - a > 0 ? b : a);
  }

  /** Ends the cool-downs that are over at {@code now}. */
  void endCoolDowns(long now) {
    coolUntil.values().removeIf(until -> now - until >= 0);
  }

  /** The ticker readings at which current cool-downs end. */
  Collection<Long> coolDownEnds() {
    return coolUntil.values();
  }

  /** What the recovery planner sees of every agent. */
  List<AgentView> views() {
    var views = new ArrayList<AgentView>(agents.size());
    for (var agent : agents.values()) {
      views.add(agent.view(coolUntil.containsKey(agent.spec.quotaGroup())));
    }
    return views;
  }
}
