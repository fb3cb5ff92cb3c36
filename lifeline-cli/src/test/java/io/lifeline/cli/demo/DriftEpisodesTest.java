package io.lifeline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DriftEpisodesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final DriftEpisodes episodes = new DriftEpisodes();

  private void event(String type, String json) throws Exception {
    episodes.accept(type, "job-1", JSON.readTree(json));
  }

  @Test
  void pairsTheRejectingJudgesScoreWithItsScoreOfTheAttemptThatCompletedTheStep() throws Exception {
    event("AttemptStarted", "{\"stepId\":\"draft\",\"attempt\":1,\"resumedSeq\":-1,\"resumedProgress\":0}");
    event("QualityScored", "{\"stepId\":\"draft\",\"attempt\":1,\"evaluator\":\"check\",\"score\":0.9,\"passed\":true}");
    event("QualityScored", "{\"stepId\":\"draft\",\"attempt\":1,\"evaluator\":\"style\",\"score\":0.02,\"passed\":false}");
    event("AttemptFailed", "{\"stepId\":\"draft\",\"attempt\":1,\"kind\":\"DRIFT\"}");
    event("AttemptStarted", "{\"stepId\":\"draft\",\"attempt\":2,\"resumedSeq\":7,\"resumedProgress\":12}");
    event("QualityScored", "{\"stepId\":\"draft\",\"attempt\":2,\"evaluator\":\"check\",\"score\":0.95,\"passed\":true}");
    event("QualityScored", "{\"stepId\":\"draft\",\"attempt\":2,\"evaluator\":\"style\",\"score\":0.97,\"passed\":true}");
    event("StepSucceeded", "{\"stepId\":\"draft\",\"attempt\":2}");

    assertThat(episodes.episodes()).containsExactly(
        new DriftEpisodes.Episode("job-1", "draft", "style", 1, 0.02, 2, 0.97, 12));
  }

  @Test
  void ignoresLowQualityRejectionsAndReportsADriftWhoseStepNeverCompleted() throws Exception {
    event("QualityScored", "{\"stepId\":\"draft\",\"attempt\":1,\"evaluator\":\"check\",\"score\":0.1,\"passed\":false}");
    event("AttemptFailed", "{\"stepId\":\"draft\",\"attempt\":1,\"kind\":\"LOW_QUALITY\"}");
    event("QualityScored", "{\"stepId\":\"draft\",\"attempt\":2,\"evaluator\":\"style\",\"score\":0.1,\"passed\":false}");
    event("AttemptFailed", "{\"stepId\":\"draft\",\"attempt\":2,\"kind\":\"DRIFT\"}");

    assertThat(episodes.episodes()).singleElement().satisfies(episode -> {
      assertThat(episode.rejectedAttempt()).isEqualTo(2);
      assertThat(episode.acceptedAttempt()).isZero();
      assertThat(episode.acceptedScore()).isNaN();
    });
  }
}
