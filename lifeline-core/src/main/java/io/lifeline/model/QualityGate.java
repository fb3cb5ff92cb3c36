package io.lifeline.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A step's acceptance test. Each named evaluator scores the output in [0, 1] and votes "pass" when
 * its score reaches {@code minScore}; the output is accepted when at least {@code quorum} of them
 * pass. An evaluator that fails to answer abstains. Asking several and requiring a quorum means one
 * faulty or adversarial judge can neither pass nor sink an output. A rejected output fails the
 * attempt as {@code LOW_QUALITY} (or {@code DRIFT} when the evaluators that rejected it judge
 * drift), and recovery moves the step to a different agent.
 *
 * @param evaluators the registered evaluators to ask, at least one, no duplicates
 * @param minScore the score an evaluator must reach to vote "pass"
 * @param quorum how many "pass" votes accept the output, 1..evaluators.size()
 */
public record QualityGate(List<String> evaluators, double minScore, int quorum) {

  public QualityGate {
    evaluators = List.copyOf(Objects.requireNonNull(evaluators, "evaluators"));
    if (evaluators.isEmpty()) {
      throw new IllegalArgumentException("evaluators must name at least one evaluator");
    }
    for (String evaluator : evaluators) {
      if (evaluator.isBlank()) {
        throw new IllegalArgumentException("evaluator must not be blank, was '" + evaluator + "'");
      }
    }
    if (new HashSet<>(evaluators).size() != evaluators.size()) {
      throw new IllegalArgumentException("evaluators must not repeat, was " + evaluators);
    }
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("minScore must be within [0, 1], was " + minScore);
    }
    if (quorum < 1 || quorum > evaluators.size()) {
      throw new IllegalArgumentException(
          "quorum must be within [1, " + evaluators.size() + "] (the number of evaluators), was " + quorum);
    }
  }

  /** One evaluator that must pass. */
  public QualityGate(String evaluator, double minScore) {
    this(List.of(evaluator), minScore, 1);
  }

  /** A strict majority of {@code count} evaluators: the smallest quorum one bad judge cannot decide. */
  public static int majority(int count) {
    return count / 2 + 1;
  }
}
