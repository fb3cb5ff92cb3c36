package io.lifeline.quality;

import io.lifeline.model.Output;

/**
 * Scores an output against the prompt that asked for it. A step's quality gate names one or more
 * evaluators; when too few of them pass, the attempt fails as {@code LOW_QUALITY} (or
 * {@code DRIFT} when the rejecting evaluators are {@link DriftEvaluator}s).
 * Implementations must be thread-safe and should be fast (they run on the attempt's thread).
 */
public interface QualityEvaluator {

  /** The name a quality gate refers to. */
  String name();

  Score evaluate(String prompt, Output output);
}
