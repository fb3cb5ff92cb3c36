package io.lifeline.agents.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a judge's answer the way a patient human would: the first JSON object in it that has a
 * {@code score}, wherever it sits — inside a Markdown code fence, after "Sure! Here is my
 * verdict:", with single quotes, unquoted keys or a trailing comma. What it will not guess at is
 * the verdict itself: a score outside [0, 1], a verdict other than pass or fail, or a verdict that
 * contradicts the score is an answer it refuses to read.
 */
final class JudgeAnswers {

  /** The rubric tells the judge that pass means a score of at least this. */
  static final double PASS_MARK = 0.5;
  /** A judge's reason goes to the history; one or two sentences are all it needs. */
  static final int MAX_REASON = 200;

  private static final JsonMapper LENIENT = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
          JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS)
      .build();

  /** What the judge said. */
  record Verdict(double score, boolean pass, String reason) {}

  private JudgeAnswers() {}

  /**
   * @throws IllegalArgumentException saying what is missing or wrong in the answer
   */
  static Verdict parse(String answer) {
    JsonNode object = firstObjectWithScore(answer)
        .orElseThrow(() -> new IllegalArgumentException("no JSON object with a score"));
    double score = score(object.get("score"));
    boolean pass = verdict(object.get("verdict")).orElse(score >= PASS_MARK);
    if (pass != score >= PASS_MARK) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "verdict %s contradicts score %.2f (pass means a score of at least %.2f)",
          pass ? "pass" : "fail", score, PASS_MARK));
    }
    JsonNode reason = object.get("reason");
    return new Verdict(score, pass, reason == null || reason.isNull() ? "" : oneLine(reason.asText(), MAX_REASON));
  }

  private static Optional<JsonNode> firstObjectWithScore(String answer) {
    for (int open = answer.indexOf('{'); open >= 0; open = answer.indexOf('{', open + 1)) {
      int close = matchingBrace(answer, open);
      if (close < 0) {
        return Optional.empty(); // no later '{' can close either
      }
      try {
        JsonNode node = LENIENT.readTree(answer.substring(open, close + 1));
        if (node.isObject() && node.has("score")) {
          return Optional.of(node);
        }
      } catch (JsonProcessingException e) {
        // not JSON after all ("{like this}" in prose): try the next brace
      }
    }
    return Optional.empty();
  }

  /** The index of the '}' closing the '{' at {@code open}, skipping double-quoted strings; -1 if none. */
  private static int matchingBrace(String text, int open) {
    int depth = 0;
    boolean inString = false;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static double score(JsonNode node) {
    double score;
    if (node.isNumber()) {
      score = node.asDouble();
    } else if (node.isTextual()) {
      try {
        score = Double.parseDouble(node.asText().strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("score '" + oneLine(node.asText(), MAX_REASON) + "' is not a number");
      }
    } else {
      throw new IllegalArgumentException("score is not a number: " + node.getNodeType());
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score " + score + " is outside [0, 1]");
    }
    return score;
  }

  private static Optional<Boolean> verdict(JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    return switch (node.asText().strip().toLowerCase(Locale.ROOT)) {
      case "pass" -> Optional.of(true);
      case "fail" -> Optional.of(false);
      default -> throw new IllegalArgumentException("verdict '" + oneLine(node.asText(), MAX_REASON) + "' is neither pass nor fail");
    };
  }

  /** {@code text} on one line, cut to at most {@code max} characters and an ellipsis. */
  static String oneLine(String text, int max) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= max ? line : line.substring(0, max) + "…";
  }
}
