package io.lifeline.quality;

import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link SafetyFilter}'s finding on one output.
 *
 * @param outcome safe, unsafe or a refusal
 * @param reason what matched, for the history: names the rule or quotes at most the matched term,
 *     never the surrounding content; empty for a safe output
 */
public record SafetyVerdict(Outcome outcome, String reason) {

  /** What the filter found. */
  public enum Outcome {
    /** Nothing matched: the output may be accepted. */
    SAFE,
    /** The content matched a safety rule: fails the attempt as {@code UNSAFE}. */
    UNSAFE,
    /** The model declined to answer: fails the attempt as {@code REFUSED}. */
    REFUSED
  }

  /** The verdict on an output that matched nothing. */
  public static final SafetyVerdict SAFE = new SafetyVerdict(Outcome.SAFE, "");

  public SafetyVerdict {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    if (outcome != Outcome.SAFE && reason.isBlank()) {
      throw new IllegalArgumentException("a " + outcome + " verdict needs a reason");
    }
  }

  public static SafetyVerdict unsafe(String reason) {
    return new SafetyVerdict(Outcome.UNSAFE, reason);
  }

  public static SafetyVerdict refused(String reason) {
    return new SafetyVerdict(Outcome.REFUSED, reason);
  }

  public boolean isSafe() {
    return outcome == Outcome.SAFE;
  }

  /** The failure this verdict fails the attempt with; empty when the output is safe. */
  public Optional<Failure> failure() {
    return switch (outcome) {
      case SAFE -> Optional.empty();
      case UNSAFE -> Optional.of(Failure.of(FailureKind.UNSAFE, reason));
      case REFUSED -> Optional.of(Failure.of(FailureKind.REFUSED, reason));
    };
  }
}
