package io.lifeline.reliability;

import io.lifeline.model.AgentSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The probability that a workflow can run: every step has at least one compatible agent up (a
 * 1-of-N requirement per step), with agents up independently, each with its own probability — its
 * {@link SeriesReliability#survival survival} over a horizon, or its {@link Availability#single
 * availability}. An agent that serves several steps is one component, not one per step; see
 * {@link CoverageProbability} for how that is computed exactly (or, past 20 distinct requirements
 * and 20 agents, estimated with a fixed seed).
 *
 * <p>Also answers which one added agent would help most. The candidates are copies of the existing
 * agents: same kind and capabilities (so the same steps) and the same up probability. Copies of
 * agents that serve no step, and duplicates of a candidate already tried, are skipped.
 */
public final class WorkflowReliability {

  /** How an {@link Estimate} was obtained. */
  public enum Method {
    /** Computed exactly (up to rounding). */
    EXACT,
    /** Sampled with a fixed seed; see {@link Estimate#standardError()}. */
    MONTE_CARLO
  }

  /**
   * A probability and how it was obtained.
   *
   * @param standardError zero when exact
   */
  public record Estimate(double probability, Method method, double standardError) {}

  /**
   * What adding one more agent like {@code copyOf} would do.
   *
   * @param copyOf the agent copied (kind, capabilities and up probability)
   * @param steps the steps the copy can run
   */
  public record Improvement(AgentSpec copyOf, List<String> steps, Estimate before, Estimate after) {}

  private final WorkflowGraph graph;
  private final double[] up;

  private WorkflowReliability(WorkflowGraph graph, double[] up) {
    this.graph = graph;
    this.up = up;
  }

  /**
   * @param upProbability each agent's probability of being up, by agent id; every agent of the
   *     graph needs one, in [0, 1]
   */
  public static WorkflowReliability of(WorkflowGraph graph, Map<String, Double> upProbability) {
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(upProbability, "upProbability");
    List<AgentSpec> agents = graph.agents();
    double[] up = new double[agents.size()];
    for (int a = 0; a < up.length; a++) {
      String id = agents.get(a).id();
      Double p = upProbability.get(id);
      if (p == null) {
        throw new IllegalArgumentException("no up probability for agent '" + id + "'");
      }
      up[a] = Require.probability("up probability of agent '" + id + "'", p);
    }
    return new WorkflowReliability(graph, up);
  }

  /** The probability that every step has at least one compatible agent up. */
  public Estimate successProbability() {
    return CoverageProbability.of(graph.requirements(), up);
  }

  /**
   * The copy of an existing agent that raises {@link #successProbability()} most, with the
   * numbers before and after; empty when no copy raises it (no agents, or a step nobody can run).
   * Ties go to the agent listed first.
   */
  public Optional<Improvement> bestAddition() {
    Estimate before = successProbability();
    Improvement best = null;
    var tried = new HashSet<List<Object>>();
    List<AgentSpec> agents = graph.agents();
    for (int a = 0; a < agents.size(); a++) {
      List<String> steps = graph.stepsServedBy(agents.get(a).id());
      if (steps.isEmpty() || !tried.add(List.of(steps, up[a]))) {
        continue;
      }
      Estimate after = withCopyOf(a);
      if (after.probability() > before.probability()
          && (best == null || after.probability() > best.after().probability())) {
        best = new Improvement(agents.get(a), steps, before, after);
      }
    }
    return Optional.ofNullable(best);
  }

  /** The success probability with one more agent that serves what agent {@code a} serves. */
  private Estimate withCopyOf(int a) {
    int copy = up.length;
    var requirements = new ArrayList<BitSet>();
    for (BitSet requirement : graph.requirements()) {
      if (requirement.get(a)) {
        requirement.set(copy);
      }
      requirements.add(requirement);
    }
    double[] extended = Arrays.copyOf(up, copy + 1);
    extended[copy] = up[a];
    return CoverageProbability.of(requirements, extended);
  }
}
