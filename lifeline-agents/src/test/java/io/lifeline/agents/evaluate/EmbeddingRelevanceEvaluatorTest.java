package io.lifeline.agents.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lifeline.model.Output;
import io.lifeline.quality.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Runs the real all-MiniLM-L6-v2 from the LangChain4j jar. */
class EmbeddingRelevanceEvaluatorTest {

  private final EmbeddingRelevanceEvaluator evaluator = new EmbeddingRelevanceEvaluator();

  private Score score(String prompt, String text) {
    return evaluator.evaluate(prompt, Output.text(text));
  }

  @Test
  void scoresEveryArticleForItsOwnPromptFarAboveEveryOther() {
    for (var prompt : Samples.PROMPTS.entrySet()) {
      double onTopic = score(prompt.getValue(), Samples.body(prompt.getKey())).value();
      for (String other : Samples.PROMPTS.keySet()) {
        if (!other.equals(prompt.getKey())) {
          double offTopic = score(prompt.getValue(), Samples.body(other)).value();
          assertThat(onTopic - offTopic).as("%s vs %s", prompt.getKey(), other).isGreaterThan(0.5);
        }
      }
    }
  }

  @Test
  void passesOnTopicTextAndFailsOffTopicTextAtTheUsualThreshold() {
    var onTopic = score(Samples.PROMPTS.get("beekeeping"), Samples.text("beekeeping"));
    var offTopic = score(Samples.PROMPTS.get("beekeeping"), Samples.text("volcanoes"));

    assertThat(onTopic.value()).as(onTopic.reason()).isGreaterThanOrEqualTo(0.8);
    assertThat(onTopic.reason()).startsWith("relevance: mean cosine 0.").contains("over 4 chunks");
    assertThat(offTopic.value()).as(offTopic.reason()).isLessThanOrEqualTo(0.2);
  }

  @Test
  void aLongOutputLosesInProportionToItsOffTopicPart() {
    String prompt = Samples.PROMPTS.get("sourdough");
    String padded = Samples.body("sourdough") + "\n\n" + Samples.body("chess") + "\n\n" + Samples.body("cycling");

    var score = score(prompt, padded);

    assertThat(score.reason()).contains("over 12 chunks");
    assertThat(score.value()).isLessThan(score(prompt, Samples.body("sourdough")).value() - 0.5);
  }

  @Test
  void sharesOneModelBetweenThreadsAndGivesEachTheSameScores() throws Exception {
    String prompt = Samples.PROMPTS.get("volcanoes");
    List<String> texts = Samples.PROMPTS.keySet().stream().sorted().map(Samples::body).toList();
    List<Score> alone = texts.stream().map(text -> score(prompt, text)).toList();

    var together = new ArrayList<Future<Score>>();
    try (var threads = Executors.newFixedThreadPool(4)) {
      for (int round = 0; round < 3; round++) {
        for (String text : texts) {
          together.add(threads.submit(() -> new EmbeddingRelevanceEvaluator().evaluate(prompt, Output.text(text))));
        }
      }
    }

    for (int i = 0; i < together.size(); i++) {
      assertThat(together.get(i).get().value()).isCloseTo(alone.get(i % texts.size()).value(), within(1e-6));
    }
    assertThat(Embeddings.miniLm()).isSameAs(Embeddings.miniLm());
  }

  @Test
  void scoresBlankOutputZeroAndDoesNotCheckWhatItCannotRead() {
    assertThat(score("anything", " \n")).isEqualTo(new Score(0, "empty output"));
    assertThat(evaluator.evaluate("anything", Output.of("image/png", new byte[] {1})).value()).isEqualTo(1);
    assertThat(score(" ", "Some text.")).isEqualTo(new Score(1, "relevance n/a (blank prompt)"));
  }
}
