package io.lifeline.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, in a history read in order, each attempt rejected as DRIFT and what became of its step:
 * the drift judge's score of the rejected attempt and of the attempt that finally passed, and how
 * much of the rejected text the replacement resumed from.
 */
final class DriftEpisodes {

  /**
   * One drift caught by a quality gate.
   *
   * @param acceptedAttempt the attempt that completed the step; 0 if none did
   * @param acceptedScore the same judge's score of that attempt; NaN if none completed
   * @param resumedProgress the progress the accepted attempt resumed from (chunks, for the demo's writers)
   */
  record Episode(String jobId, String stepId, String judge, int rejectedAttempt, double rejectedScore,
      int acceptedAttempt, double acceptedScore, long resumedProgress) {}

  /** A rejected attempt of a step, by the judges that voted it down. */
  private record Rejection(String step, int attempt, Map<String, Double> votes) {}

  /** The votes that passed, by "job/step/attempt" then judge. */
  private final Map<String, Map<String, Double>> scores = new HashMap<>();
  /** The votes that failed, by "job/step/attempt" then judge. */
  private final Map<String, Map<String, Double>> rejections = new HashMap<>();
  private final List<Rejection> drifts = new ArrayList<>();
  /** "job/step" → the attempt that completed it. */
  private final Map<String, Integer> completedBy = new HashMap<>();
  /** "job/step/attempt" → the progress it resumed from. */
  private final Map<String, Long> resumedFrom = new HashMap<>();

  void accept(String type, String jobId, JsonNode event) {
    String step = jobId + "/" + event.path("stepId").asText();
    String attempt = step + "/" + event.path("attempt").asInt();
    switch (type) {
      case "QualityScored" -> {
        var votes = event.path("passed").asBoolean() ? scores : rejections;
        votes.computeIfAbsent(attempt, k -> new HashMap<>())
            .put(event.path("evaluator").asText(), event.path("score").asDouble());
      }
      case "AttemptFailed" -> {
        if (event.path("kind").asText().equals("DRIFT")) {
          drifts.add(new Rejection(step, event.path("attempt").asInt(), rejections.getOrDefault(attempt, Map.of())));
        }
      }
      case "AttemptStarted" -> {
        if (event.path("resumedSeq").asLong() >= 0) {
          resumedFrom.put(attempt, event.path("resumedProgress").asLong());
        }
      }
      case "StepSucceeded" -> completedBy.put(step, event.path("attempt").asInt());
      default -> { }
    }
  }

  /** The episodes seen so far, a row per rejecting judge. */
  List<Episode> episodes() {
    var episodes = new ArrayList<Episode>();
    for (var drift : drifts) {
      int accepted = completedBy.getOrDefault(drift.step(), 0);
      String acceptedKey = drift.step() + "/" + accepted;
      int slash = drift.step().lastIndexOf('/');
      drift.votes().forEach((judge, score) -> episodes.add(new Episode(
          drift.step().substring(0, slash), drift.step().substring(slash + 1), judge, drift.attempt(), score,
          accepted, scores.getOrDefault(acceptedKey, Map.of()).getOrDefault(judge, Double.NaN),
          resumedFrom.getOrDefault(acceptedKey, 0L))));
    }
    return episodes;
  }
}
