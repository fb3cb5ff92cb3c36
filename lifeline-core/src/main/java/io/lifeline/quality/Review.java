package io.lifeline.quality;

import java.util.Objects;

/**
 * Which attempt's output an evaluator is asked about, and in which round of the gate. An evaluator
 * that calls out of the process (an LLM judge) derives its idempotency key from it (I3), so the key
 * is unique to the question — one judge, one attempt's output, one round — and the same whenever
 * that question is asked again, in this process or after a restart.
 *
 * @param jobId the job of the attempt under review
 * @param stepId its step
 * @param attempt its attempt number, the step's fencing token
 * @param round 1 for the gate's first round; a gate that could not decide asks its abstaining
 *     evaluators again in round 2, 3, … ({@link EvaluationRetry})
 */
public record Review(String jobId, String stepId, int attempt, int round) {

  public Review {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(stepId, "stepId");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
    }
    if (round < 1) {
      throw new IllegalArgumentException("round must be >= 1, was " + round);
    }
  }

  /** The first round of a review of attempt {@code attempt} of step {@code stepId} of job {@code jobId}. */
  public static Review of(String jobId, String stepId, int attempt) {
    return new Review(jobId, stepId, attempt, 1);
  }

  /** The same review in round {@code n}. */
  public Review inRound(int n) {
    return new Review(jobId, stepId, attempt, n);
  }

  /**
   * The key of {@code evaluator}'s call: the reviewed attempt's {@code jobId/stepId/attempt}, then
   * {@code /evaluator}, then {@code /round-n} from the second round on. A later round is a new
   * question: a provider that remembers keys must not answer it with the failure it gave the round
   * before; retries inside one round (a client's own) keep the key, as they should.
   */
  public String idempotencyKey(String evaluator) {
    String key = jobId + "/" + stepId + "/" + attempt + "/" + evaluator;
    return round == 1 ? key : key + "/round-" + round;
  }
}
