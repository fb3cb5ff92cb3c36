package io.lifeline.agents.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.agents.FakeAttemptContext;
import io.lifeline.time.Sleeper;
import io.lifeline.agents.text.OfflineTextAgent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.HeuristicOptions;
import io.lifeline.model.Output;
import io.lifeline.quality.Score;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeuristicEvaluatorTest {

  static final String PROMPT = "Lighthouses, their keepers and coastal shipping";

  private final HeuristicEvaluator evaluator = new HeuristicEvaluator(100, 2000);

  static String draft(String prompt, String mode) throws Exception {
    var writer = new OfflineTextAgent(AgentSpec.of("writer", "text"), 11, Duration.ZERO, Sleeper.system());
    return writer.run(new FakeAttemptContext().prompt(prompt).param("mode", mode)).text();
  }

  Score score(String text) {
    return evaluator.evaluate(PROMPT, Output.text(text));
  }

  @Test
  void scoresTheTextAgentsDraftHigh() throws Exception {
    var score = score(draft(PROMPT, "draft"));

    assertThat(score.value()).isGreaterThanOrEqualTo(0.9);
    assertThat(score.reason()).startsWith("ok: ").contains("coverage 4/4 keywords");
  }

  @Test
  void scoresAnOutlineHighUnderOutlineBounds() throws Exception {
    var outlines = new HeuristicEvaluator("outline", 10, 120);

    var score = outlines.evaluate(PROMPT, Output.text(draft(PROMPT, "outline")));

    assertThat(score.value()).as(score.reason()).isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void scoresEmptyOutputZero() {
    assertThat(score("  \n ")).isEqualTo(new Score(0, "empty output"));
    assertThat(evaluator.evaluate(PROMPT, Output.of("image/png", new byte[0])).value()).isZero();
  }

  @Test
  void scoresARefusalLowAndQuotesIt() {
    var score = score("I’m sorry, but I can’t write about lighthouses, keepers or coastal shipping.");

    assertThat(score.value()).isLessThanOrEqualTo(0.05);
    assertThat(score.reason()).isEqualTo("refusal: 'i'm sorry, but i can't'");
    assertThat(score("As an AI language model I have no view on shipping.").value()).isLessThanOrEqualTo(0.05);
  }

  @Test
  void scoresRepetitiveTextLowAndBlamesRepetition() {
    var score = score("Lighthouses and keepers guard coastal shipping every night. ".repeat(30));

    assertThat(score.value()).isLessThan(0.2);
    assertThat(score.reason()).startsWith("repetition 0.9");
  }

  @Test
  void scoresOffTopicTextLowAndNamesWhatIsMissing() throws Exception {
    var score = score(draft("Railway timetables and punctual trains", "draft"));

    assertThat(score.value()).isLessThan(0.4);
    assertThat(score.reason()).startsWith("coverage").contains("missing: keepers, coastal, shipping");
  }

  @Test
  void penalisesLengthOutsideTheBounds() throws Exception {
    var shortText = score("Lighthouses need keepers, and coastal shipping needs lighthouses.");
    var longText = new HeuristicEvaluator(10, 50).evaluate(PROMPT, Output.text(draft(PROMPT, "draft")));

    assertThat(shortText.value()).isLessThan(0.15);
    assertThat(shortText.reason()).startsWith("too short: 8 words under 100");
    assertThat(longText.value()).isLessThan(0.5);
    assertThat(longText.reason()).startsWith("too long");
  }

  @Test
  void onlyChecksNonTextForEmptiness() {
    var score = evaluator.evaluate(PROMPT, Output.of("image/png", new byte[] {1, 2, 3}));

    assertThat(score.value()).isEqualTo(1);
  }

  @Test
  void checksTheExpectedLanguage() throws Exception {
    String english = draft(PROMPT, "draft");
    String german = "Die Leuchttürme und ihre Wärter waren für die Küstenschifffahrt wichtig, denn sie zeigten "
        + "den Schiffen bei Nacht den Weg. Der Wärter lebte mit seiner Familie auf dem Felsen und es war "
        + "nicht leicht, die Lampe in jeder Nacht zu pflegen. ";
    var germanSteps = new HeuristicEvaluator(10, 2000).expectingLanguage("de");

    var inGerman = germanSteps.evaluate("Leuchttürme und ihre Wärter", Output.text(german));
    var inEnglish = evaluator.expectingLanguage("de").evaluate(PROMPT, Output.text(english));
    var asExpected = evaluator.expectingLanguage("en").evaluate(PROMPT, Output.text(english));

    assertThat(inGerman).isEqualTo(new Score(1, "ok: 40 words, repetition 0.00, coverage 4/4 keywords, language de"));
    assertThat(inEnglish.value()).isZero();
    assertThat(inEnglish.reason()).isEqualTo("language en, expected de");
    assertThat(asExpected.value()).isGreaterThanOrEqualTo(0.9);
    assertThat(asExpected.reason()).startsWith("ok: ").endsWith(", language en");
  }

  @Test
  void aTextWhoseLanguageCannotBeToldIsHalfTrusted() {
    var score = new HeuristicEvaluator(1, 100).expectingLanguage("en")
        .evaluate("Lighthouses", Output.text("Lighthouses! Keepers! Shipping!"));

    assertThat(score.value()).isEqualTo(HeuristicEvaluator.UNDETERMINED_LANGUAGE);
    assertThat(score.reason()).isEqualTo("language undetermined, expected en");
  }

  @Test
  void aStepsSettingsMakeAnInstanceNamedByThemWithTheirBoundsAndLanguage() {
    var headline = HeuristicEvaluator.of(new HeuristicOptions(3, 8, Optional.of("en")));

    assertThat(headline.name()).isEqualTo("heuristic:words=3..8,language=en");
    assertThat(headline.evaluate("tides", Output.text("Why the moon moves the tides")).reason())
        .isEqualTo("language undetermined, expected en");
    assertThat(headline.evaluate("tides", Output.text("Why the moon and the sun move the tides of the sea")).reason())
        .isEqualTo("too long: 12 words over 8");
    assertThat(HeuristicEvaluator.of(HeuristicOptions.DEFAULT).name()).isEqualTo(HeuristicEvaluator.DEFAULT_NAME);
  }

  @Test
  void refusesALanguageItCannotTell() {
    assertThatThrownBy(() -> evaluator.expectingLanguage("pt"))
        .hasMessage("evaluator 'heuristic': language must be one of [de, en, es, fr, it, ja, ko, zh], was 'pt'");
  }

  @Test
  void rejectsInvertedBounds() {
    assertThatThrownBy(() -> new HeuristicEvaluator("draft", 50, 10))
        .hasMessageContaining("evaluator 'draft'").hasMessageContaining("50..10");
  }
}
