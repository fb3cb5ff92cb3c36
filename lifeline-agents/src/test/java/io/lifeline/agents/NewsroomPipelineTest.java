package io.lifeline.agents;

import io.lifeline.time.Sleeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.agents.assemble.AssemblerAgent;
import io.lifeline.agents.chaos.ChaosAgent;
import io.lifeline.agents.chaos.ChaosLog;
import io.lifeline.agents.chaos.ChaosProfile;
import io.lifeline.agents.chaos.Fault;
import io.lifeline.agents.evaluate.EvaluatorAgent;
import io.lifeline.agents.evaluate.HeuristicEvaluator;
import io.lifeline.agents.image.OfflineImageAgent;
import io.lifeline.agents.text.OfflineTextAgent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.Output;
import io.lifeline.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's pipeline, outline → draft → illustrate → review → assemble, run by hand. */
class NewsroomPipelineTest {

  static final String TOPIC = "Lighthouses and the keepers of the northern coast";

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock();
  private final OfflineTextAgent writer =
      new OfflineTextAgent(AgentSpec.of("writer-1", "text"), 1, Duration.ZERO, Sleeper.system());

  FakeAttemptContext step(String stepId, int attempt) {
    return new FakeAttemptContext(clock).ids("job-7", stepId, attempt).prompt(TOPIC).jobInput("topic", TOPIC);
  }

  @Test
  void producesAnIllustratedReviewedArticleEvenWhenTheDraftCrashesMidStream() throws Exception {
    Output outline = writer.run(step("outline", 1).param("mode", "outline"));

    // The first draft attempt runs on an agent that crashes mid-stream (forced on its first run);
    // the runtime gives up on it, and the second attempt resumes from its checkpoint, if any.
    var log = new ChaosLog();
    var flaky = new ChaosAgent(writer, ChaosProfile.none().forcing(1, Fault.CRASH), log, clock, new ManualSleeper(clock));
    var crashed = step("draft", 1).cancelAfter(Duration.ofSeconds(5));
    assertThatThrownBy(() -> flaky.run(crashed)).isInstanceOf(CancellationException.class);
    var retry = step("draft", 2);
    crashed.restored().ifPresent(retry::resumeFrom);
    Output draft = writer.run(retry);

    Output picture = new OfflineImageAgent(AgentSpec.of("painter-1", "image"), 1, Duration.ZERO, Sleeper.system())
        .run(step("illustrate", 1));
    Output review = new EvaluatorAgent(AgentSpec.of("reviewer-1", "evaluator"), new HeuristicEvaluator(100, 2000))
        .run(step("review", 1).input("draft", draft));
    Output summary = new AssemblerAgent(AgentSpec.of("assembler-1", "assembler"), dir)
        .run(step("assemble", 1).input("outline", outline).input("draft", draft)
            .input("illustrate", picture).input("review", review));

    assertThat(log.countsByFault()).containsEntry(Fault.CRASH, 1L);
    assertThat(draft.text()).isEqualTo(writer.run(step("draft", 1)).text());
    assertThat(Double.parseDouble(review.metadata().get("score"))).isGreaterThan(0.9);
    String article = Files.readString(dir.resolve("job-7").resolve("article.md"));
    assertThat(article).startsWith("# " + TOPIC).contains(outline.text().strip(), draft.text().strip(),
        "![" + TOPIC + "](illustration.png)", "*Review score");
    assertThat(summary.metadata()).containsEntry("reviewScore", review.metadata().get("score"));
  }
}
