package io.lifeline.quality;

import io.lifeline.model.Output;

/**
 * Checks an output before it is accepted. An {@code UNSAFE} verdict fails the attempt as
 * {@link io.lifeline.model.FailureKind#UNSAFE}, a {@code REFUSED} one as
 * {@link io.lifeline.model.FailureKind#REFUSED}; both lead to the step's fallback chain.
 *
 * <p>Implementations must be thread-safe and fast: they run on the attempt's thread, on every
 * output of every step that has a filter. Reasons go to the durable history, so they must not
 * copy the content they object to.
 */
@FunctionalInterface
public interface SafetyFilter {

  /**
   * @param prompt what the step asked for, for filters that judge an answer in its context
   * @param output what the agent returned
   */
  SafetyVerdict check(String prompt, Output output);
}
