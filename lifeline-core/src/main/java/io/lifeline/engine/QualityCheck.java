package io.lifeline.engine;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.QualityGate;
import io.lifeline.model.Usage;
import io.lifeline.quality.DriftCheck;
import io.lifeline.quality.DriftEvaluator;
import io.lifeline.quality.EvaluationException;
import io.lifeline.quality.EvaluationRetry;
import io.lifeline.quality.QualityEvaluator;
import io.lifeline.quality.QuorumEvaluator;
import io.lifeline.quality.Review;
import io.lifeline.quality.Score;
import io.lifeline.time.Sleeper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Applies a step's quality gate to an attempt's output. The gate's evaluators vote through a
 * {@link QuorumEvaluator} (in parallel, with a timeout; one that fails or hangs abstains), and each
 * vote is reported to the coordinator as it comes, with what it cost, so every score and every
 * judge's spend lands in the job's history and budget (I4, I7). A rejection by drift judges only is
 * DRIFT and keeps the in-style prefix as the step's checkpoint; any other rejection is LOW_QUALITY.
 *
 * <p>Judges are asked about a {@link Review} of the attempt, so an LLM judge's idempotency key is
 * derived from the attempt's own {@code jobId/step/attempt} (I3).
 *
 * <p>When abstentions leave the gate undecided, the abstaining evaluators are asked again
 * ({@link EvaluationRetry}; the votes cast stand), the attempt heartbeating meanwhile so that a slow
 * judge does not make the writer look hung. If the gate is still undecided, the verdict is
 * {@link Verdict.Undecided}: the gate never accepts or rejects with fewer agreeing votes than its
 * quorum, and the failure is the evaluation's, not the writer's.
 */
final class QualityCheck {

  /** What the gate made of an output. */
  sealed interface Verdict {
    /** The gate accepted the output. */
    record Accepted() implements Verdict {}

    /** The gate rejected the output: LOW_QUALITY or DRIFT, the writer's failure. */
    record Rejected(Failure failure) implements Verdict {}

    /**
     * The evaluators could not decide, even after their retries: a TRANSIENT failure of the
     * attempt that says nothing about the writer, so it is no lost work of the writer's.
     */
    record Undecided(Failure failure) implements Verdict {}
  }

  private final Map<String, QualityEvaluator> evaluators;
  private final EvaluationRetry retry;
  private final Sleeper sleeper;

  QualityCheck(Map<String, QualityEvaluator> evaluators, EvaluationRetry retry, Sleeper sleeper) {
    this.evaluators = evaluators;
    this.retry = retry;
    this.sleeper = sleeper;
  }

  /** A rejected vote: why, and for a drift judge its check — how much of the text was still in style. */
  private record Rejection(String reason, Optional<DriftCheck> drift) {}

  /** The gate's verdict on the attempt's output. */
  Verdict judge(QualityGate gate, LocalAttemptContext context, Output output) {
    var rejections = new CopyOnWriteArrayList<Rejection>();
    var quorum = QuorumEvaluator.builder("quality gate").required(gate.quorum()).threshold(gate.minScore())
        .retry(retry)
        .sleeper(pause -> {
          context.heartbeat(); // waiting for judges is no hang of the writer's
          sleeper.sleep(pause);
          context.heartbeat();
        });
    for (String name : gate.evaluators()) {
      quorum.evaluator(recorded(evaluators.get(name), gate, context, rejections));
    }
    Score verdict;
    try {
      verdict = quorum.build().evaluate(context.prompt(), output,
          Review.of(context.jobId(), context.stepId(), context.attempt()));
    } catch (EvaluationException e) {
      // The judges could not decide: that is no verdict on the output, so it is not LOW_QUALITY.
      return new Verdict.Undecided(Failure.of(FailureKind.TRANSIENT, "quality gate undecided: " + e.getMessage()));
    }
    if (verdict.value() >= gate.minScore()) {
      return new Verdict.Accepted();
    }
    String message = "quality gate rejected the output (" + gate.quorum() + " of " + gate.evaluators().size()
        + " needed to pass): " + String.join("; ", rejections.stream().map(Rejection::reason).toList());
    boolean drift = !rejections.isEmpty() && rejections.stream().allMatch(r -> r.drift().isPresent());
    if (drift) {
      keepInStylePrefix(rejections, context, output);
      return new Verdict.Rejected(Failure.of(FailureKind.DRIFT, message));
    }
    return new Verdict.Rejected(Failure.of(FailureKind.LOW_QUALITY, message));
  }

  /**
   * Wraps a judge so that its vote and what it cost are reported to the coordinator (which charges
   * the job), and the vote remembered if it rejects.
   */
  private static QualityEvaluator recorded(QualityEvaluator judge, QualityGate gate, LocalAttemptContext context,
      List<Rejection> rejections) {
    return new QualityEvaluator() {
      @Override
      public String name() {
        return judge.name();
      }

      @Override
      public Score evaluate(String prompt, Output output) {
        return evaluate(prompt, output, Review.of(context.jobId(), context.stepId(), context.attempt()));
      }

      @Override
      public Score evaluate(String prompt, Output output, Review review) {
        Optional<DriftCheck> drift = Optional.empty();
        Score score;
        try {
          // A drift judge checks at the gate's threshold, so its reason says where the text drifted.
          drift = judge instanceof DriftEvaluator d ? Optional.of(d.check(prompt, output, gate.minScore())) : drift;
          score = drift.isPresent() ? drift.get().toScore() : judge.evaluate(prompt, output, review);
        } catch (RuntimeException e) {
          Usage spent = e instanceof EvaluationException failed ? failed.usage() : Usage.NONE;
          context.report(new Input.QualityEvaluated(context.key(), judge.name(), Double.NaN, false,
              "abstained" + (review.round() == 1 ? "" : " in round " + review.round()) + ": " + e, spent));
          throw e;
        }
        context.heartbeat();
        boolean passed = score.value() >= gate.minScore();
        context.report(new Input.QualityEvaluated(context.key(), judge.name(), score.value(), passed,
            (review.round() == 1 ? "" : "round " + review.round() + ": ") + score.reason(), score.usage()));
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
