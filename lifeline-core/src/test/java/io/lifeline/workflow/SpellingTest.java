package io.lifeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpellingTest {

  @ParameterizedTest
  @CsvSource({
      "promt, prompt",
      "prmopt, prompt",
      "retry, retries",
      "Timeout, timeout",
      "no-progress-timeout, noProgressTimeout",
      "fallback, fallbacks",
      "selector, select",
      "ids, id",
      "mode, ",
      "model, ",
      "parameters, ",
  })
  void suggestsOnlyCloseNames(String typed, String expected) {
    var known = new ArrayList<>(WorkflowParser.WORKFLOW_FIELDS);
    known.addAll(StepParser.STEP_FIELDS);
    assertThat(Spelling.nearest(typed, known).orElse(null)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"abc, abc, 0", "ab, ba, 1", "kitten, sitting, 3", "'', abc, 3"})
  void countsEditsWithSwaps(String a, String b, int distance) {
    assertThat(Spelling.distance(a, b)).isEqualTo(distance);
  }

  @Test
  void aHugeTypedNameIsCheap() {
    assertThat(Spelling.nearest("x".repeat(1_000_000), List.of("prompt"))).isEmpty();
  }
}
