package io.lifeline.store;

import io.lifeline.model.FailureKind;
import java.util.Optional;

/**
 * One finished attempt of a step, as the recovery planner needs it.
 *
 * @param failure empty if the attempt succeeded
 */
public record AttemptRecord(int attempt, String agentId, int variant, Optional<FailureKind> failure) {}
