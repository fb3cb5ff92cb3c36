package io.lifeline.agents.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.agents.FakeAttemptContext;
import io.lifeline.agents.chaos.ChaosAgent;
import io.lifeline.agents.chaos.ChaosLog;
import io.lifeline.agents.chaos.ChaosProfile;
import io.lifeline.agents.chaos.Fault;
import io.lifeline.agents.evaluate.HeuristicEvaluator;
import io.lifeline.agents.evaluate.StyleDriftEvaluator;
import io.lifeline.checkpoint.RestoredState;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.Output;
import io.lifeline.time.Sleeper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's drift episode, piece by piece, on the real all-MiniLM-L6-v2: offline drafts keep to
 * the house style, the chaos agent's drift does not, and the in-style prefix the judge keeps is
 * what the writer continues from.
 */
class HouseStyleTest {

  /** The demo's topics. */
  static final List<String> TOPICS = List.of(
      "tide pools", "lighthouse keepers", "city bees", "night trains", "paper maps", "winter orchards",
      "deep sea cables", "river ferries", "old observatories", "mountain huts", "salt marshes", "clock makers");
  static final double MIN_SCORE = 0.3;

  private final StyleDriftEvaluator judge = HouseStyle.judge("draft-style");

  static OfflineTextAgent writer(long seed) {
    return new OfflineTextAgent(AgentSpec.of("writer-" + seed, "text"), seed, Duration.ZERO, Sleeper.system());
  }

  /** The draft step's context, prompted as the demo prompts it: with the outline written first. */
  static FakeAttemptContext draftStep(OfflineTextAgent writer, String topic) throws Exception {
    String outline = writer.run(new FakeAttemptContext().ids("job", "outline", 1).param("mode", "outline")
        .prompt("Outline an article about " + topic)).text();
    return new FakeAttemptContext().ids("job", "draft", 1).param("mode", "draft")
        .prompt("Write an article about " + topic + " from this outline:\n" + outline);
  }

  @Test
  void everyDraftOfTheDemosTopicsKeepsToTheHouseStyle() throws Exception {
    for (long seed = 1; seed <= 3; seed++) {
      var writer = writer(seed);
      for (String topic : TOPICS) {
        var step = draftStep(writer, topic);
        var check = judge.check(step.prompt(), writer.run(step), MIN_SCORE);
        assertThat(check.drifted()).as("seed %d, %s: %s", seed, topic, check.reason()).isFalse();
      }
    }
  }

  @Test
  void aDriftedDraftPassesTheHeuristicGateButNotTheJudgeWhichKeepsThePartBeforeTheCopy() throws Exception {
    var writer = writer(1);
    var drifting = new ChaosAgent(writer, ChaosProfile.none().with(Fault.DRIFT, 1.0), new ChaosLog());
    for (String topic : TOPICS) {
      var step = draftStep(writer, topic);
      String original = writer.run(step).text();
      String drifted = drifting.run(step).text();
      String beforeCopy = drifted.substring(0, drifted.indexOf("Speaking of which"));

      var check = judge.check(step.prompt(), Output.text(drifted), MIN_SCORE);

      var heuristic = new HeuristicEvaluator(80, 4000).evaluate(step.prompt(), Output.text(drifted));
      assertThat(heuristic.value()).as("%s: %s", topic, heuristic.reason()).isGreaterThanOrEqualTo(MIN_SCORE);
      assertThat(check.drifted()).as("%s: %s", topic, check.reason()).isTrue();
      assertThat(check.inStylePrefix(drifted)).as(topic).isEqualTo(beforeCopy);
      assertThat(original).startsWith(beforeCopy);
    }
  }

  @Test
  void theReplacementContinuesFromTheKeptPrefixAndWritesTheWholeDraftInStyle() throws Exception {
    var writer = writer(1);
    var step = draftStep(writer, "night trains");
    String original = writer.run(step).text();
    String drifted = new ChaosAgent(writer, ChaosProfile.none().with(Fault.DRIFT, 1.0), new ChaosLog()).run(step).text();
    String kept = judge.check(step.prompt(), Output.text(drifted), MIN_SCORE).inStylePrefix(drifted);

    var replacement = draftStep(writer, "night trains").ids("job", "draft", 2)
        .resumeFrom(new RestoredState(kept.getBytes(StandardCharsets.UTF_8), List.of(), 1, 1));
    var continued = writer.run(replacement);

    assertThat(continued.text()).isEqualTo(original);
    assertThat(Integer.parseInt(continued.metadata().get("resumedFromChunk"))).isPositive();
    assertThat(judge.check(replacement.prompt(), continued, MIN_SCORE).drifted()).isFalse();
  }
}
