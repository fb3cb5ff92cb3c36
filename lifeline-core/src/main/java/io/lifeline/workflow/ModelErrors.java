package io.lifeline.workflow;

import io.lifeline.model.StepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Re-throws the model's own validation errors with the field's path.
 *
 * <p>The model is the one authority on its rules (the Java builder relies on them too), so the
 * parser does not repeat them; it only says where. The model's messages read
 * {@code [owner 'name': ]…[noun ]field rule}, e.g. {@code step 'draft': kind must match …} or
 * {@code noProgressTimeout must not exceed timeout, was PT5M > PT1M}. The owners become the path
 * ({@code step 'draft'} is {@code steps[1]}), and a leading schema field name moves into the path:
 * {@code steps[1].kind: must match …}, a dotted one too ({@code fanOut.count} is
 * {@code steps[1].fanOut.count}). A message of another shape keeps its whole text after the
 * owner's path, so nothing is lost if the model's wording changes.
 */
final class ModelErrors {

  private static final Pattern OWNER = Pattern.compile("(workflow|step|fallback) '([^']*)': ");
  private static final Pattern FIELD_FIRST =
      Pattern.compile("(?:(?:workflow|step|fallback) )?([A-Za-z]+(?:\\.[A-Za-z]+)*) (.+)", Pattern.DOTALL);

  /** The schema's field names that the model's messages start with. */
  private static final Set<String> FIELDS = Set.of("name", "steps", "id", "kind", "prompt", "after",
      "timeout", "noProgressTimeout", "retries", "backoff", "maxBackoff", "sameAgentRetries",
      "evaluator", "minScore", "fanOut", "hedge", "params");

  private ModelErrors() {}

  /** Runs a model constructor for the object at {@code at}, relocating what it refuses. */
  static <T> T build(FieldPath at, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      // The object's own path already says which step or fallback this is: the owners are dropped.
      throw lift(at, Owned.of(e).rest(), e);
    }
  }

  /** Relocates an error of the {@code Workflow} constructor, whose owners are steps and fallbacks. */
  static InvalidWorkflowException workflow(IllegalArgumentException e, List<StepSpec> steps) {
    Owned owned = Owned.of(e);
    FieldPath at = FieldPath.ROOT;
    StepSpec step = null;
    for (Owner owner : owned.owners()) {
      if (owner.kind().equals("step")) {
        int i = indexOfStep(steps, owner.name());
        step = i < 0 ? null : steps.get(i);
        at = i < 0 ? at : FieldPath.ROOT.key("steps").index(i);
      } else if (owner.kind().equals("fallback") && step != null) {
        int k = indexOfFallback(step, owner.name());
        at = k < 0 ? at : at.key("fallbacks").index(k);
      } // "workflow 'name'" is the root
    }
    return lift(at, owned.rest(), e);
  }

  private static InvalidWorkflowException lift(FieldPath at, String rest, IllegalArgumentException cause) {
    Matcher m = FIELD_FIRST.matcher(rest);
    if (m.matches() && FIELDS.contains(m.group(1).split("\\.")[0])) {
      FieldPath field = at;
      for (String key : m.group(1).split("\\.")) {
        field = field.key(key);
      }
      return new InvalidWorkflowException(field, m.group(2), cause);
    }
    return new InvalidWorkflowException(at, rest, cause);
  }

  private record Owner(String kind, String name) {}

  /** A message split into its leading {@code kind 'name': } owners and the rest. */
  private record Owned(List<Owner> owners, String rest) {
    static Owned of(IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      var owners = new ArrayList<Owner>();
      Matcher m = OWNER.matcher(message);
      while (m.lookingAt()) {
        owners.add(new Owner(m.group(1), m.group(2)));
        m.region(m.end(), message.length());
      }
      return new Owned(owners, message.substring(m.regionStart()));
    }
  }

  private static int indexOfStep(List<StepSpec> steps, String id) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfFallback(StepSpec step, String name) {
    for (int k = 0; k < step.fallbacks().size(); k++) {
      if (step.fallbacks().get(k).name().equals(name)) {
        return k;
      }
    }
    return -1;
  }
}
