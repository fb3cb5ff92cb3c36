package io.lifeline.quality;

import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import java.util.OptionalInt;

/**
 * Scores an output against the prompt that asked for it. A step's quality gate names one or more
 * evaluators; when too few of them pass, the attempt fails as {@link #failureKind()}.
 * Implementations must be thread-safe and should be fast (they run on the attempt's thread).
 */
public interface QualityEvaluator {

  /** The name a quality gate refers to. */
  String name();

  Score evaluate(String prompt, Output output);

  /** What a rejection by this evaluator means: LOW_QUALITY, or DRIFT for style/topic drift judges. */
  default FailureKind failureKind() {
    return FailureKind.LOW_QUALITY;
  }

  /**
   * For drift judges: how many leading characters of a rejected text output were still in style.
   * The engine saves that prefix as the step's checkpoint, so the replacement keeps it (DESIGN §2).
   */
  default OptionalInt inStylePrefix(String prompt, Output output) {
    return OptionalInt.empty();
  }
}
