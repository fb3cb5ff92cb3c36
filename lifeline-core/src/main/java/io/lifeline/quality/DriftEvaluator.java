package io.lifeline.quality;

import io.lifeline.model.Output;

/**
 * An evaluator that compares an output with a reference, chunk by chunk, and can tell where the
 * output drifted. A gate that names one fails an attempt whose check {@link DriftCheck#drifted()
 * drifted} as {@code DRIFT} (not {@code LOW_QUALITY}) and keeps the in-style prefix.
 *
 * <p>Contract: {@link #evaluate} returns the same score as {@link #check} at any threshold, and
 * {@code check(p, o, t).drifted()} holds exactly when that score is under {@code t}.
 */
public interface DriftEvaluator extends QualityEvaluator {

  /**
   * @param minScore a chunk scored under it has drifted; the gate's {@code minScore}
   */
  DriftCheck check(String prompt, Output output, double minScore);
}
