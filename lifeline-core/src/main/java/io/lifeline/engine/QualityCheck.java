package io.lifeline.engine;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.QualityGate;
import io.lifeline.quality.QualityEvaluator;
import io.lifeline.quality.Score;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Applies a step's quality gate to an attempt's output: asks every evaluator, reports each verdict
 * to the coordinator (so scores land in the job's history), and accepts the output when a quorum
 * passes. Evaluators that throw abstain. A rejection by drift judges is DRIFT and keeps the
 * in-style prefix as the step's checkpoint; any other rejection is LOW_QUALITY.
 */
final class QualityCheck {

  private final Map<String, QualityEvaluator> evaluators;

  QualityCheck(Map<String, QualityEvaluator> evaluators) {
    this.evaluators = evaluators;
  }

  /** The failure that rejects the output, or empty when the gate accepts it. */
  Optional<Failure> judge(QualityGate gate, LocalAttemptContext context, Output output) {
    int passes = 0;
    int answered = 0;
    var rejecters = new ArrayList<QualityEvaluator>();
    var reasons = new ArrayList<String>();
    for (String name : gate.evaluators()) {
      var evaluator = evaluators.get(name);
      Score score;
      try {
        score = evaluator.evaluate(context.prompt(), output);
      } catch (RuntimeException e) {
        context.report(new Input.QualityEvaluated(context.key(), name, Double.NaN, false, "abstained: " + e));
        continue;
      }
      answered++;
      boolean passed = score.value() >= gate.minScore();
      context.report(new Input.QualityEvaluated(context.key(), name, score.value(), passed, score.reason()));
      if (passed) {
        passes++;
      } else {
        rejecters.add(evaluator);
        reasons.add(String.format("%s scored %.2f < %.2f: %s", name, score.value(), gate.minScore(), score.reason()));
      }
    }
    if (passes >= gate.quorum()) {
      return Optional.empty();
    }
    if (answered == 0) {
      return Optional.of(Failure.of(FailureKind.TRANSIENT, "no evaluator of the quality gate could judge the output"));
    }
    String message = passes + " of " + gate.evaluators().size() + " evaluators passed, " + gate.quorum()
        + " needed; " + String.join("; ", reasons);
    boolean drift = rejecters.stream().allMatch(e -> e.failureKind() == FailureKind.DRIFT);
    if (drift) {
      keepInStylePrefix(rejecters, context, output);
      return Optional.of(Failure.of(FailureKind.DRIFT, message));
    }
    return Optional.of(Failure.of(FailureKind.LOW_QUALITY, message));
  }

  /** Saves the shortest prefix every drift judge still found in style, so the replacement keeps it. */
  private static void keepInStylePrefix(java.util.List<QualityEvaluator> judges, LocalAttemptContext context, Output output) {
    if (!output.isText()) {
      return;
    }
    String text = output.text();
    int keep = text.length();
    for (var judge : judges) {
      var prefix = judge.inStylePrefix(context.prompt(), output);
      if (prefix.isEmpty()) {
        return;
      }
      keep = Math.min(keep, prefix.getAsInt());
    }
    if (keep <= 0) {
      return;
    }
    try {
      context.checkpoint(CheckpointKind.FULL, text.substring(0, keep).getBytes(StandardCharsets.UTF_8), 0).join();
    } catch (CompletionException stale) {
      // The attempt was superseded meanwhile: its prefix must not become the step's checkpoint.
    }
  }
}
