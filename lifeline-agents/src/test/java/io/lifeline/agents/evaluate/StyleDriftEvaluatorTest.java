package io.lifeline.agents.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.model.Output;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Runs the real all-MiniLM-L6-v2 from the LangChain4j jar. */
class StyleDriftEvaluatorTest {

  private static final String PROMPT = Samples.PROMPTS.get("lighthouses");
  private static final double MIN_SCORE = 0.5;

  private final StyleDriftEvaluator evaluator = new StyleDriftEvaluator("house-style", Samples.text("lighthouses"));

  @Test
  void anotherArticleInTheReferencesStyleHasNotDrifted() {
    String text = Samples.text("lighthouses-2");

    var check = evaluator.check(PROMPT, Output.text(text), MIN_SCORE);

    assertThat(check.drifted()).as(check.reason()).isFalse();
    assertThat(check.score()).isGreaterThan(0.8);
    assertThat(check.inStyleLength()).isEqualTo(text.length());
    assertThat(check.reason()).startsWith("4 chunks, lowest chunk");
  }

  @Test
  void findsTheFirstParagraphThatDriftedAndKeepsThePrefixBeforeIt() {
    List<String> lighthouse = Samples.paragraphs("lighthouses-2");
    List<String> bread = Samples.paragraphs("sourdough");
    String inStyle = lighthouse.get(0) + "\n\n" + lighthouse.get(1) + "\n\n";
    String text = inStyle + bread.get(0) + "\n\n" + bread.get(1) + "\n\n" + lighthouse.get(3);

    var check = evaluator.check(PROMPT, Output.text(text), MIN_SCORE);

    assertThat(check.drifted()).isTrue();
    assertThat(check.driftedChunk()).isEqualTo(OptionalInt.of(2));
    assertThat(check.inStylePrefix(text)).isEqualTo(inStyle);
    assertThat(check.score()).isLessThan(0.2);
    assertThat(check.reason()).startsWith("drifted at chunk 2 of 5 (from char " + inStyle.length() + "): 0.");
  }

  @Test
  void aTextOffTopicFromTheStartKeepsNothing() {
    var check = evaluator.check(PROMPT, Output.text(Samples.text("chess")), MIN_SCORE);

    assertThat(check.driftedChunk()).isEqualTo(OptionalInt.of(0));
    assertThat(check.inStyleLength()).isZero();
  }

  @Test
  void evaluateScoresTheWorstChunkAndAgreesWithCheckAtAnyThreshold() {
    var output = Output.text(Samples.body("lighthouses-2") + "\n\n" + Samples.body("volcanoes"));

    var score = evaluator.evaluate(PROMPT, output);

    for (double threshold : new double[] {0, 0.1, 0.5, 0.9, 1}) {
      var check = evaluator.check(PROMPT, output, threshold);
      assertThat(check.score()).isEqualTo(score.value());
      assertThat(check.drifted()).isEqualTo(score.value() < threshold);
    }
  }

  @Test
  void aChattyArticleOnTheSameTopicStillCountsAsInStyle() {
    // The model hears topic far more than tone: documented, and pinned so that a model change shows.
    var check = evaluator.check(PROMPT, Output.text(Samples.text("lighthouses-chatty")), MIN_SCORE);

    assertThat(check.drifted()).as(check.reason()).isFalse();
  }

  @Test
  void blankOutputHasDriftedFromTheStartAndABlankReferenceIsRefused() {
    var check = evaluator.check(PROMPT, Output.text("  "), MIN_SCORE);

    assertThat(check.driftedChunk()).isEqualTo(OptionalInt.of(0));
    assertThat(check.score()).isZero();
    assertThatThrownBy(() -> new StyleDriftEvaluator("house-style", "\n"))
        .hasMessage("evaluator 'house-style': the reference text must not be blank");
  }
}
