package io.lifeline.engine;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.QualityGate;
import io.lifeline.quality.DriftCheck;
import io.lifeline.quality.DriftEvaluator;
import io.lifeline.quality.EvaluationException;
import io.lifeline.quality.QualityEvaluator;
import io.lifeline.quality.QuorumEvaluator;
import io.lifeline.quality.Score;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Applies a step's quality gate to an attempt's output. The gate's evaluators vote through a
 * {@link QuorumEvaluator} (in parallel, with a timeout; one that fails or hangs abstains), and each
 * vote is reported to the coordinator as it comes, so every score lands in the job's history. A
 * rejection by drift judges only is DRIFT and keeps the in-style prefix as the step's checkpoint;
 * any other rejection is LOW_QUALITY.
 */
final class QualityCheck {

  private final Map<String, QualityEvaluator> evaluators;

  QualityCheck(Map<String, QualityEvaluator> evaluators) {
    this.evaluators = evaluators;
  }

  /** A rejected vote: why, and for a drift judge its check — how much of the text was still in style. */
  private record Rejection(String reason, Optional<DriftCheck> drift) {}

  /** The failure that rejects the output, or empty when the gate accepts it. */
  Optional<Failure> judge(QualityGate gate, LocalAttemptContext context, Output output) {
    var rejections = new CopyOnWriteArrayList<Rejection>();
    var quorum = QuorumEvaluator.builder("quality gate").required(gate.quorum()).threshold(gate.minScore());
    for (String name : gate.evaluators()) {
      quorum.evaluator(recorded(evaluators.get(name), gate, context, rejections));
    }
    Score verdict;
    try {
      verdict = quorum.build().evaluate(context.prompt(), output);
    } catch (EvaluationException e) {
      // The judges could not decide: that is no verdict on the output, so it is not LOW_QUALITY.
      return Optional.of(Failure.of(FailureKind.TRANSIENT, "quality gate undecided: " + e.getMessage()));
    }
    if (verdict.value() >= gate.minScore()) {
      return Optional.empty();
    }
    String message = "quality gate rejected the output (" + gate.quorum() + " of " + gate.evaluators().size()
        + " needed to pass): " + String.join("; ", rejections.stream().map(Rejection::reason).toList());
    boolean drift = !rejections.isEmpty() && rejections.stream().allMatch(r -> r.drift().isPresent());
    if (drift) {
      keepInStylePrefix(rejections, context, output);
      return Optional.of(Failure.of(FailureKind.DRIFT, message));
    }
    return Optional.of(Failure.of(FailureKind.LOW_QUALITY, message));
  }

  /** Wraps a judge so that its vote is reported to the coordinator, and remembered if it rejects. */
  private static QualityEvaluator recorded(QualityEvaluator judge, QualityGate gate, LocalAttemptContext context,
      List<Rejection> rejections) {
    return new QualityEvaluator() {
      @Override
      public String name() {
        return judge.name();
      }

      @Override
      public Score evaluate(String prompt, Output output) {
        Optional<DriftCheck> drift = Optional.empty();
        Score score;
        try {
          // A drift judge checks at the gate's threshold, so its reason says where the text drifted.
          drift = judge instanceof DriftEvaluator d ? Optional.of(d.check(prompt, output, gate.minScore())) : drift;
          score = drift.isPresent() ? drift.get().toScore() : judge.evaluate(prompt, output);
        } catch (RuntimeException e) {
          context.report(new Input.QualityEvaluated(context.key(), judge.name(), Double.NaN, false, "abstained: " + e));
          throw e;
        }
        boolean passed = score.value() >= gate.minScore();
        context.report(new Input.QualityEvaluated(context.key(), judge.name(), score.value(), passed, score.reason()));
        if (!passed) {
          rejections.add(new Rejection(String.format("%s scored %.2f < %.2f: %s",
              judge.name(), score.value(), gate.minScore(), score.reason()), drift));
        }
        return score;
      }
    };
  }

  /** Saves the shortest prefix every drift judge still found in style, so the replacement keeps it. */
  private static void keepInStylePrefix(List<Rejection> rejections, LocalAttemptContext context, Output output) {
    if (!output.isText()) {
      return;
    }
    String text = output.text();
    int keep = rejections.stream().mapToInt(r -> r.drift().orElseThrow().inStyleLength()).min().orElse(0);
    if (keep <= 0) {
      return;
    }
    // The agent's progress units (tokens, chunks) are opaque here: credit the prefix its share of the text.
    long progress = context.lastProgress() * keep / text.length();
    try {
      context.checkpoint(CheckpointKind.FULL, text.substring(0, keep).getBytes(StandardCharsets.UTF_8), progress)
          .join();
    } catch (CompletionException stale) {
      // The attempt was superseded meanwhile: its prefix must not become the step's checkpoint.
    }
  }
}
