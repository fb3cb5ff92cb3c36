package io.lifeline.quality;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A {@link DriftEvaluator}'s finding on one output, at one threshold: how well the output kept to
 * the reference, and where it first wandered off. The part before {@link #inStyleLength()} is the
 * prefix worth keeping as the step's checkpoint, so that a replacement attempt continues from text
 * that was still in style instead of starting over (DESIGN §2, {@code DRIFT}).
 *
 * @param score the lowest chunk score in [0, 1]: the output is as much in style as its worst stretch
 * @param driftedChunk index of the first chunk scored under the threshold; empty when none was
 * @param inStyleLength how many characters (UTF-16 units of the output's text) come before that
 *     chunk; the whole text's length when nothing drifted, 0 when the first chunk already did
 * @param reason what drove the score, for the history; never quotes more than a few words
 */
public record DriftCheck(double score, OptionalInt driftedChunk, int inStyleLength, String reason) {

  public DriftCheck {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be within [0, 1], was " + score);
    }
    Objects.requireNonNull(driftedChunk, "driftedChunk");
    if (inStyleLength < 0) {
      throw new IllegalArgumentException("inStyleLength cannot be negative, was " + inStyleLength);
    }
    Objects.requireNonNull(reason, "reason");
  }

  /** Whether some chunk scored under the threshold: the gate fails the attempt as {@code DRIFT}. */
  public boolean drifted() {
    return driftedChunk.isPresent();
  }

  /** The part of {@code text} (the output this check was made on) that was still in style. */
  public String inStylePrefix(String text) {
    return text.substring(0, inStyleLength);
  }

  /** The score as a gate records it. */
  public Score toScore() {
    return new Score(score, reason);
  }
}
