package io.lifeline.model;

import io.lifeline.store.Budget;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named DAG of steps. Construction validates everything that can be checked without running
 * (I8): unique step ids, known dependencies, no cycles, placeholders that name either a declared
 * input or an upstream step.
 *
 * @param name the workflow's name; jobs refer to it
 * @param inputs the job input names the workflow needs (empty = accept any)
 * @param steps in declaration order
 * @param budget what each job may spend unless its request names a budget; empty = the engine's
 *     default budget
 */
public record Workflow(String name, List<String> inputs, List<StepSpec> steps, Optional<Budget> budget) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9._-]+)\\s*}}");

  public Workflow {
    AgentSpec.requireName("workflow name", name);
    inputs = List.copyOf(inputs);
    steps = List.copyOf(steps);
    Objects.requireNonNull(budget, "budget");
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("workflow '" + name + "': steps must not be empty");
    }
    validate(steps, inputs);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public StepSpec step(String id) {
    for (var step : steps) {
      if (step.id().equals(id)) {
        return step;
      }
    }
    throw new IllegalArgumentException("workflow '" + name + "' has no step '" + id + "'");
  }

  /** The names inside {@code {{…}}} in a template, in order of appearance. */
  public static List<String> placeholders(String template) {
    var names = new ArrayList<String>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Fills {@code {{name}}} from {@code values}; unknown names are left as they are. */
  public static String render(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    var out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Refuses job input that misses a declared input, naming it. */
  public void validateInput(Map<String, String> input) {
    for (String required : inputs) {
      String value = input.get(required);
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(
            "input '" + required + "' is required by workflow '" + name + "' and must not be blank");
      }
    }
  }

  private void validate(List<StepSpec> steps, List<String> inputs) {
    var byId = new LinkedHashMap<String, StepSpec>();
    for (var step : steps) {
      if (byId.putIfAbsent(step.id(), step) != null) {
        throw new IllegalArgumentException("workflow '" + name + "': duplicate step id '" + step.id() + "'");
      }
    }
    for (var step : steps) {
      for (String dep : step.after()) {
        if (!byId.containsKey(dep)) {
          throw new IllegalArgumentException(
              "step '" + step.id() + "': after refers to unknown step '" + dep + "'");
        }
      }
    }
    List<String> cycle = findCycle(byId);
    if (!cycle.isEmpty()) {
      throw new IllegalArgumentException(
          "workflow '" + name + "': steps form a cycle " + String.join(" -> ", cycle));
    }
    for (var step : steps) {
      var upstream = upstreamOf(step.id(), byId);
      // Each template with the owner its error names: a fallback's prompt is not the step's.
      var templates = new ArrayList<Map.Entry<String, String>>();
      templates.add(Map.entry("step '" + step.id() + "': ", step.prompt()));
      step.fallbacks().forEach(v -> templates.add(
          Map.entry("step '" + step.id() + "': fallback '" + v.name() + "': ", v.prompt())));
      for (var template : templates) {
        for (String ref : placeholders(template.getValue())) {
          if (byId.containsKey(ref) && !upstream.contains(ref)) {
            throw new IllegalArgumentException(template.getKey() + "prompt uses {{" + ref
                + "}} but step '" + ref + "' is not among its dependencies (add it to after)");
          }
          if (!byId.containsKey(ref) && !inputs.isEmpty() && !inputs.contains(ref)) {
            throw new IllegalArgumentException(template.getKey() + "prompt uses {{" + ref
                + "}} which is neither a step nor a declared input " + inputs);
          }
        }
      }
    }
  }

  private static Set<String> upstreamOf(String id, Map<String, StepSpec> byId) {
    var seen = new java.util.HashSet<String>();
    var todo = new ArrayDeque<>(byId.get(id).after());
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (seen.add(next)) {
        todo.addAll(byId.get(next).after());
      }
    }
    return seen;
  }

  /** A cycle as a path that starts and ends at the same step, or empty. */
  private static List<String> findCycle(Map<String, StepSpec> byId) {
    var state = new HashMap<String, Integer>(); // 1 = on the path, 2 = done
    var path = new ArrayList<String>();
    for (String start : byId.keySet()) {
      var cycle = visit(start, byId, state, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    return List.of();
  }

  private static List<String> visit(
      String id, Map<String, StepSpec> byId, Map<String, Integer> state, List<String> path) {
    Integer s = state.get(id);
    if (s != null && s == 2) {
      return List.of();
    }
    if (s != null && s == 1) {
      var cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
      cycle.add(id);
      return cycle;
    }
    state.put(id, 1);
    path.add(id);
    for (String dep : byId.get(id).after()) {
      var cycle = visit(dep, byId, state, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    path.removeLast();
    state.put(id, 2);
    return List.of();
  }

  /** Builds a workflow step by step. */
  public static final class Builder {
    private final String name;
    private final List<String> inputs = new ArrayList<>();
    private final List<StepSpec> steps = new ArrayList<>();
    private Optional<Budget> budget = Optional.empty();

    private Builder(String name) {
      this.name = name;
    }

    public Builder input(String inputName) {
      inputs.add(inputName);
      return this;
    }

    public Builder step(String id, UnaryOperator<StepSpec.Builder> configure) {
      steps.add(configure.apply(StepSpec.builder(id)).build());
      return this;
    }

    public Builder step(StepSpec step) {
      steps.add(step);
      return this;
    }

    /** What each job may spend unless its request names a budget. */
    public Builder budget(Budget value) {
      budget = Optional.of(value);
      return this;
    }

    public Workflow build() {
      return new Workflow(name, inputs, steps, budget);
    }
  }
}
