package io.lifeline.agents.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeline.agents.Cancellation;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import io.lifeline.quality.EvaluationException;
import io.lifeline.quality.QualityEvaluator;
import io.lifeline.quality.Review;
import io.lifeline.quality.Score;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An agent (kind {@code evaluator}) that reviews the outputs of the steps it depends on with a
 * {@link QualityEvaluator}, scoring each against this step's prompt — so a review step's prompt
 * should state the topic, e.g. {@code {{topic}}}.
 *
 * <p>Output: {@code application/json}
 * {@code {"evaluator":…, "score":…, "reason":…, "reviews":[{"step":…, "score":…, "reason":…}]}}, with
 * metadata {@code score}, {@code reason}, {@code evaluator}. The overall score is the lowest one:
 * an article is as good as its weakest part. Its usage is the agent's cost per call plus what the
 * evaluations cost (an LLM judge's tokens), so a review step is charged for its judges (I4).
 */
public final class EvaluatorAgent implements Agent {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentSpec spec;
  private final QualityEvaluator evaluator;

  public EvaluatorAgent(AgentSpec spec, QualityEvaluator evaluator) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
  }

  @Override
  public AgentSpec spec() {
    return spec;
  }

  /**
   * @throws AgentFailureException PERMANENT when the step has no inputs: the workflow forgot its
   *     dependencies, and no retry will add them
   */
  @Override
  public Output run(AttemptContext context) throws InterruptedException {
    var inputs = new TreeMap<>(context.inputs());
    if (inputs.isEmpty()) {
      throw new AgentFailureException(FailureKind.PERMANENT,
          "step '" + context.stepId() + "': an evaluator step needs at least one upstream step to review");
    }
    var reviews = new ArrayList<Map<String, Object>>();
    Score lowest = null;
    Usage spent = new Usage(0, spec.costPerCall());
    for (var input : inputs.entrySet()) {
      Cancellation.check(context);
      // One question per reviewed step: the key names this attempt and the step it reviews (I3).
      var review = Review.of(context.jobId(), context.stepId() + "/" + input.getKey(), context.attempt());
      Score score;
      try {
        score = evaluator.evaluate(context.prompt(), input.getValue(), review);
      } catch (EvaluationException e) {
        context.reportUsage(spent.plus(e.usage()));
        throw e;
      }
      spent = spent.plus(score.usage());
      context.reportUsage(spent);
      context.heartbeat();
      reviews.add(review(input.getKey(), score));
      if (lowest == null || score.value() < lowest.value()) {
        lowest = score;
      }
    }
    var document = new LinkedHashMap<String, Object>();
    document.put("evaluator", evaluator.name());
    document.put("score", rounded(lowest.value()));
    document.put("reason", lowest.reason());
    document.put("reviews", reviews);
    return new Output("application/json", json(document), Map.of(
        "score", Double.toString(rounded(lowest.value())),
        "reason", lowest.reason(),
        "evaluator", evaluator.name(),
        "agent", spec.id()),
        spent);
  }

  private static Map<String, Object> review(String step, Score score) {
    var review = new LinkedHashMap<String, Object>();
    review.put("step", step);
    review.put("score", rounded(score.value()));
    review.put("reason", score.reason());
    return review;
  }

  /** Three decimals: enough to rank, few enough to read and to compare across runs. */
  private static double rounded(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static byte[] json(Map<String, Object> document) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a review of strings and numbers always serialises", e);
    }
  }
}
