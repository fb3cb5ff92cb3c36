package io.lifeline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeline.cli.Main;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One fault kind at a time through the whole demo, on a real SQLite file (and, for drift, the real
 * embedding model). The draws are seeded, so the same attempts are struck in every run.
 */
class DemoFaultsTest {

  @TempDir Path dir;

  private JsonNode demo(String chaos, int jobs) throws Exception {
    Path json = dir.resolve("summary.json");
    int code = Main.run("demo", "--jobs", Integer.toString(jobs), "--seed", "3", "--chaos", chaos,
        "--data-dir", dir.resolve("data").toString(), "--json", json.toString());
    assertThat(code).isZero();
    JsonNode summary = new ObjectMapper().readTree(json.toFile());
    assertThat(summary.path("jobs_succeeded").asInt()).isEqualTo(jobs);
    return summary;
  }

  /**
   * The house-style judge catches every drifted draft and no other, and the replacement that
   * continues from the kept paragraphs passes it.
   */
  @Test
  void everyDriftedDraftIsCaughtByTheStyleJudgeAndItsReplacementPasses() throws Exception {
    JsonNode summary = demo("none,drift=0.3", 10);

    long injected = summary.path("faults_injected").path("drift").asLong();
    assertThat(injected).isPositive();
    assertThat(summary.path("failures_by_kind").path("DRIFT").asLong()).isEqualTo(injected);
    assertThat(summary.path("failures_by_kind").size()).isEqualTo(1); // no false LOW_QUALITY either
    JsonNode episodes = summary.path("drift_episodes");
    assertThat(episodes).hasSize((int) injected).allSatisfy(episode -> {
      assertThat(episode.path("judge").asText()).isEqualTo("draft-style");
      assertThat(episode.path("rejected_score").asDouble()).isLessThan(0.3);
      assertThat(episode.path("accepted_score").asDouble()).isGreaterThanOrEqualTo(0.3);
    });
    // A replacement that was not itself struck continues from the paragraphs before the drift.
    assertThat(episodes).anySatisfy(episode -> assertThat(episode.path("resumed_progress").asLong()).isPositive());
  }

  /** A result delivered after its attempt was timed out and replaced meets the fence (I3). */
  @Test
  void aStalledAttemptIsTimedOutReplacedAndItsLateResultRejected() throws Exception {
    JsonNode summary = demo("none,stall=0.15", 6);

    long injected = summary.path("faults_injected").path("stall").asLong();
    assertThat(injected).isPositive();
    assertThat(summary.path("failures_by_kind").path("TIMEOUT").asLong()).isEqualTo(injected);
    assertThat(summary.path("faults_recovered").path("stall").asLong()).isEqualTo(injected);
    // A stall still withholding its result when the last job ends is abandoned with the engine.
    assertThat(summary.path("stale_results_rejected").asLong()).isPositive().isLessThanOrEqualTo(injected);
    assertThat(summary.path("duplicate_completions").asLong()).isZero();
  }
}
