package io.lifeline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeline.cli.Main;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's drift episode end to end, on the real embedding model and a real SQLite file: with
 * only drift injected, the house-style judge catches every drifted draft, no other, and the
 * replacement that continues from the kept paragraphs passes it. The draws are seeded, so the same
 * drafts drift in every run.
 */
class DemoDriftTest {

  @TempDir Path dir;

  @Test
  void everyDriftedDraftIsCaughtByTheStyleJudgeAndItsReplacementPasses() throws Exception {
    Path json = dir.resolve("summary.json");

    int code = Main.run("demo", "--jobs", "10", "--seed", "3", "--chaos", "none,drift=0.3",
        "--data-dir", dir.resolve("data").toString(), "--json", json.toString());

    JsonNode summary = new ObjectMapper().readTree(json.toFile());
    assertThat(code).isZero();
    assertThat(summary.path("jobs_succeeded").asInt()).isEqualTo(10);
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
}
