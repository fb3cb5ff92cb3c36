package io.lifeline.agents.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JudgeAnswersTest {

  @Test
  void readsThePlainAnswer() {
    var verdict = JudgeAnswers.parse("{\"score\": 0.82, \"verdict\": \"pass\", \"reason\": \"Clear and on topic.\"}");

    assertThat(verdict).isEqualTo(new JudgeAnswers.Verdict(0.82, true, "Clear and on topic."));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "```json\n{\"score\": 0.3, \"verdict\": \"fail\", \"reason\": \"Off topic.\"}\n```",
      "Sure! Here is my verdict:\n{\"score\": 0.3, \"verdict\": \"FAIL\", \"reason\": \"Off topic.\"}\nHope this helps.",
      "{score: 0.3, verdict: 'fail', reason: 'Off topic.',}",
      "{\"score\": \"0.3\", \"verdict\": \" fail \", \"reason\": \"Off\\ntopic.\"}",
      "I weighed {relevance} and {clarity}. {\"score\": 0.3, \"reason\": \"Off topic.\"}",
      "{\"review\": {\"notes\": \"a } in a string\"}, \"score\": 0.3, \"verdict\": \"fail\", \"reason\": \"Off topic.\"}",
  })
  void readsAnswersWrappedInFencesProseOrLaxJson(String answer) {
    var verdict = JudgeAnswers.parse(answer);

    assertThat(verdict.score()).isEqualTo(0.3);
    assertThat(verdict.pass()).isFalse();
    assertThat(verdict.reason()).isEqualTo("Off topic.");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "The text is good, I give it 8/10.                            | no JSON object with a score",
      "{\"verdict\": \"pass\"}                                      | no JSON object with a score",
      "{\"score\": 85, \"verdict\": \"pass\"}                       | score 85.0 is outside [0, 1]",
      "{\"score\": \"high\"}                                        | score 'high' is not a number",
      "{\"score\": [1]}                                             | score is not a number: ARRAY",
      "{\"score\": 0.9, \"verdict\": \"maybe\"}                     | verdict 'maybe' is neither pass nor fail",
      "{\"score\": 0.2, \"verdict\": \"pass\"}                      | verdict pass contradicts score 0.20 (pass means a score of at least 0.50)",
      "{\"score\": 0.9, \"verdict\": \"pass\"                       | no JSON object with a score",
  })
  void refusesToGuessAtAnUnreadableOrSelfContradictingVerdict(String answer, String problem) {
    assertThatThrownBy(() -> JudgeAnswers.parse(answer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(problem);
  }

  @Test
  void derivesAMissingVerdictFromTheScoreAndCutsALongReason() {
    var verdict = JudgeAnswers.parse("{\"score\": 0.5, \"reason\": \"" + "very ".repeat(100) + "\"}");

    assertThat(verdict.pass()).isTrue();
    assertThat(verdict.reason()).hasSize(JudgeAnswers.MAX_REASON + 1).endsWith("…");
  }
}
