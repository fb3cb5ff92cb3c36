package io.lifeline.quality;

import io.lifeline.model.Output;

/**
 * Scores an output against the prompt that asked for it. A step's quality gate names one or more
 * evaluators; when too few of them pass, the attempt fails as {@code LOW_QUALITY} (or
 * {@code DRIFT} when the rejecting evaluators are {@link DriftEvaluator}s).
 * Implementations must be thread-safe and should be fast (they run on the attempt's thread).
 *
 * <p>What an evaluation costs goes in the score ({@link Score#usage}) or, when it fails, in the
 * {@link EvaluationException}: the engine charges it to the job of the reviewed attempt (I4).
 */
public interface QualityEvaluator {

  /** The name a quality gate refers to. */
  String name();

  Score evaluate(String prompt, Output output);

  /**
   * Scores {@code output} for the review of one attempt; the engine's quality gates call this. An
   * evaluator that calls out of the process overrides it and sends
   * {@code review.idempotencyKey(name())} with its call (I3). By default the review is ignored.
   */
  default Score evaluate(String prompt, Output output, Review review) {
    return evaluate(prompt, output);
  }
}
