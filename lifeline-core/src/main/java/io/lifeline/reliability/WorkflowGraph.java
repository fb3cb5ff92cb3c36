package io.lifeline.reliability;

import io.lifeline.model.AgentSpec;
import io.lifeline.model.StepSpec;
import io.lifeline.model.Workflow;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The agent–capability–workflow graph: which agents can run which steps of a workflow. An agent
 * can run a step when its kind is the step's and its capabilities match the step's selector
 * ({@link AgentSpec#matches}, the rule the dispatcher uses). Only the step's own selector counts,
 * not its fallback variants: the engine replaces a lost agent with one for the same variant, and
 * turns to fallbacks only for other failure kinds (out of memory, refusals, low quality).
 *
 * <p>This is what the seed article's communication graph becomes when it is made useful: what
 * breaks if an agent dies, and the input of {@link WorkflowReliability}.
 */
public final class WorkflowGraph {

  private final Workflow workflow;
  private final List<AgentSpec> agents;
  private final List<BitSet> compatible; // by step, over agent indices

  private WorkflowGraph(Workflow workflow, List<AgentSpec> agents, List<BitSet> compatible) {
    this.workflow = workflow;
    this.agents = agents;
    this.compatible = compatible;
  }

  /**
   * The graph of {@code workflow} over {@code agents}.
   *
   * @throws IllegalArgumentException if two agents have the same id
   */
  public static WorkflowGraph of(Workflow workflow, List<AgentSpec> agents) {
    Objects.requireNonNull(workflow, "workflow");
    List<AgentSpec> pool = List.copyOf(agents);
    var ids = new HashSet<String>();
    for (AgentSpec agent : pool) {
      if (!ids.add(agent.id())) {
        throw new IllegalArgumentException("duplicate agent id '" + agent.id() + "'");
      }
    }
    var compatible = new ArrayList<BitSet>();
    for (StepSpec step : workflow.steps()) {
      var set = new BitSet(pool.size());
      for (int a = 0; a < pool.size(); a++) {
        if (pool.get(a).matches(step.kind(), step.selector())) {
          set.set(a);
        }
      }
      compatible.add(set);
    }
    return new WorkflowGraph(workflow, pool, List.copyOf(compatible));
  }

  public Workflow workflow() {
    return workflow;
  }

  public List<AgentSpec> agents() {
    return agents;
  }

  /** The ids of the agents that can run step {@code stepId}, in pool order. */
  public List<String> compatible(String stepId) {
    return ids(compatible.get(indexOf(stepId)));
  }

  /** The steps no agent can run: the workflow can never succeed. */
  public List<String> stepsWithoutAgents() {
    var steps = new ArrayList<String>();
    for (int s = 0; s < compatible.size(); s++) {
      if (compatible.get(s).isEmpty()) {
        steps.add(workflow.steps().get(s).id());
      }
    }
    return steps;
  }

  /**
   * The single points of failure: each agent whose loss alone leaves some step with no agent,
   * with those steps, in pool order.
   */
  public Map<String, List<String>> singlePointsOfFailure() {
    var result = new LinkedHashMap<String, List<String>>();
    for (int a = 0; a < agents.size(); a++) {
      var steps = new ArrayList<String>();
      for (int s = 0; s < compatible.size(); s++) {
        if (compatible.get(s).cardinality() == 1 && compatible.get(s).get(a)) {
          steps.add(workflow.steps().get(s).id());
        }
      }
      if (!steps.isEmpty()) {
        result.put(agents.get(a).id(), List.copyOf(steps));
      }
    }
    return result;
  }

  /** The steps agent {@code agentId} can run, in workflow order. */
  public List<String> stepsServedBy(String agentId) {
    int a = agentIndex(agentId);
    var steps = new ArrayList<String>();
    for (int s = 0; s < compatible.size(); s++) {
      if (compatible.get(s).get(a)) {
        steps.add(workflow.steps().get(s).id());
      }
    }
    return steps;
  }

  /** Each step's compatible agents, as indices into {@link #agents()}; copies. */
  List<BitSet> requirements() {
    var copies = new ArrayList<BitSet>();
    for (BitSet set : compatible) {
      copies.add((BitSet) set.clone());
    }
    return copies;
  }

  int agentIndex(String agentId) {
    for (int a = 0; a < agents.size(); a++) {
      if (agents.get(a).id().equals(agentId)) {
        return a;
      }
    }
    throw new IllegalArgumentException("no agent '" + agentId + "' in the graph");
  }

  private int indexOf(String stepId) {
    List<StepSpec> steps = workflow.steps();
    for (int s = 0; s < steps.size(); s++) {
      if (steps.get(s).id().equals(stepId)) {
        return s;
      }
    }
    throw new IllegalArgumentException("workflow '" + workflow.name() + "' has no step '" + stepId + "'");
  }

  private List<String> ids(BitSet set) {
    var ids = new ArrayList<String>();
    set.stream().forEach(a -> ids.add(agents.get(a).id()));
    return ids;
  }
}
