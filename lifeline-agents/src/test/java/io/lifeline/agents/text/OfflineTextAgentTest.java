package io.lifeline.agents.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.agents.FakeAttemptContext;
import io.lifeline.agents.ManualSleeper;
import io.lifeline.time.Sleeper;
import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import io.lifeline.checkpoint.RestoredState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineTextAgentTest {

  static final String PROMPT = "Write an article about lighthouses, coastal shipping and the keepers who tend the lamps";

  private final OfflineTextAgent agent = agent(7);

  static OfflineTextAgent agent(long seed) {
    var spec = AgentSpec.of("writer-1", "text").withCapability("model", "markov-essays").withCost(0.5);
    return new OfflineTextAgent(spec, seed, Duration.ZERO, Sleeper.system());
  }

  static FakeAttemptContext draft() {
    return new FakeAttemptContext().prompt(PROMPT);
  }

  @Test
  void resumedAttemptEndsWithTheUninterruptedTextAndWritesOnlyTheRest() throws Exception {
    var whole = agent.run(draft());
    int chunks = Integer.parseInt(whole.metadata().get("chunks"));

    var first = draft().cancelAfterHeartbeats(10);
    assertThatThrownBy(() -> agent.run(first)).isInstanceOf(CancellationException.class);
    var restored = first.restored().orElseThrow();
    assertThat(restored.progress()).isEqualTo(8); // checkpoints after chunks 4 and 8

    var second = draft().ids("job-1", "draft", 2).resumeFrom(restored);
    var resumed = agent.run(second);

    assertThat(resumed.text()).isEqualTo(whole.text());
    assertThat(resumed.metadata()).containsEntry("resumedFromChunk", "8");
    assertThat(second.heartbeats()).isEqualTo(chunks - 8);
    assertThat(resumed.usage().tokens()).isLessThan(whole.usage().tokens());
  }

  @Test
  void aPrefixCutMidSentenceIsContinuedFromItsLastWholeChunkUnderAFreshFullCheckpoint() throws Exception {
    String whole = agent.run(draft()).text();
    int paragraphBreak = whole.indexOf("\n\n", whole.indexOf("\n\n") + 2); // after two paragraphs
    String prefix = whole.substring(0, paragraphBreak + 2) + "Whatever the";
    // A drift judge's prefix comes with a progress figure that need not match this plan's chunks.
    var cut = new RestoredState(prefix.getBytes(StandardCharsets.UTF_8), List.of(), 3, 999);

    var context = draft().ids("job-1", "draft", 2).resumeFrom(cut);
    var resumed = agent.run(context);

    assertThat(resumed.text()).isEqualTo(whole);
    assertThat(Integer.parseInt(resumed.metadata().get("resumedFromChunk"))).isPositive();
    assertThat(context.checkpoints().getFirst().kind()).isEqualTo(CheckpointKind.FULL);
    assertThat(new String(context.restored().orElseThrow().concatenated(), StandardCharsets.UTF_8))
        .startsWith(whole.substring(0, paragraphBreak)); // the fresh FULL holds the kept text too
  }

  @Test
  void anotherPlansTextIsNotContinued() throws Exception {
    String other = agent(8).run(draft()).text();
    var foreign = new RestoredState(other.getBytes(StandardCharsets.UTF_8), List.of(), 3, 4);

    var resumed = agent.run(draft().resumeFrom(foreign));

    assertThat(resumed.text()).isEqualTo(agent.run(draft()).text());
    assertThat(resumed.metadata()).containsEntry("resumedFromChunk", "0");
  }

  @Test
  void checkpointsAreOneFullThenDeltasOfTheAppendedText() throws Exception {
    var context = draft();
    var output = agent.run(context);

    var saved = context.checkpoints();
    assertThat(saved).isNotEmpty();
    assertThat(saved.getFirst().kind()).isEqualTo(CheckpointKind.FULL);
    assertThat(saved.subList(1, saved.size())).extracting(Checkpoint::kind).containsOnly(CheckpointKind.DELTA);
    assertThat(saved).extracting(Checkpoint::progress).isSorted().doesNotHaveDuplicates();
    var restoredText = new String(context.restored().orElseThrow().concatenated());
    assertThat(output.text()).startsWith(restoredText);
  }

  @Test
  void resumedAttemptCheckpointsOnlyDeltas() throws Exception {
    var first = draft().cancelAfterHeartbeats(5);
    assertThatThrownBy(() -> agent.run(first)).isInstanceOf(CancellationException.class);

    var second = draft().ids("job-1", "draft", 2).resumeFrom(first.restored().orElseThrow());
    agent.run(second);

    assertThat(second.checkpoints()).extracting(Checkpoint::kind).containsOnly(CheckpointKind.DELTA);
  }

  @Test
  void checkpointsWhenTheSuggestedIntervalPassesBeforeTheChunkCount() throws Exception {
    var clock = new ManualClock();
    var slow = new OfflineTextAgent(AgentSpec.of("writer-2", "text"), 7, Duration.ofSeconds(1), new ManualSleeper(clock));
    var context = new FakeAttemptContext(clock).prompt(PROMPT).checkpointInterval(Duration.ofSeconds(2));

    slow.run(context);

    assertThat(context.checkpoints()).extracting(Checkpoint::progress).startsWith(2L, 4L, 6L);
  }

  @Test
  void outlineIsFourToSixHeadingsThatNameTheTopic() throws Exception {
    var output = agent.run(draft().param("mode", "outline"));

    var lines = output.text().strip().split("\n");
    assertThat(lines).hasSizeBetween(4, 6).allSatisfy(line -> assertThat(line).startsWith("- "));
    assertThat(output.text().toLowerCase()).contains("lighthouses");
    assertThat(output.metadata()).containsEntry("mode", "outline");
  }

  @Test
  void draftIsSeveralParagraphsThatCoverTheKeywords() throws Exception {
    var output = agent.run(draft());

    assertThat(output.mediaType()).isEqualTo("text/markdown");
    assertThat(output.text().split("\n\n")).hasSizeBetween(4, 6);
    assertThat(Integer.parseInt(output.metadata().get("words"))).isGreaterThan(150);
    assertThat(output.text().toLowerCase())
        .contains("lighthouses", "coastal", "shipping", "keepers", "tend", "lamps");
  }

  @Test
  void sameStepGivesSameTextAndAnotherPromptOrSeedAnother() throws Exception {
    String once = agent.run(draft()).text();

    assertThat(agent.run(draft().ids("job-9", "draft", 3)).text()).isEqualTo(once);
    assertThat(agent.run(draft().prompt(PROMPT + " in winter")).text()).isNotEqualTo(once);
    assertThat(agent(8).run(draft()).text()).isNotEqualTo(once);
  }

  @Test
  void reportsModelUsageAndCost() throws Exception {
    Output output = agent.run(draft());

    int words = Integer.parseInt(output.metadata().get("words"));
    assertThat(output.metadata()).containsEntry("model", "markov-essays").containsEntry("agent", "writer-1")
        .containsEntry("provider", "writer-1");
    assertThat(output.usage().tokens()).isGreaterThan(words);
    assertThat(output.usage().cost()).isEqualTo(0.5);
  }

  @Test
  void stopsAtOnceWhenCancelledOrInterrupted() {
    var cancelled = draft();
    cancelled.cancel();
    assertThatThrownBy(() -> agent.run(cancelled)).isInstanceOf(CancellationException.class);
    assertThat(cancelled.heartbeats()).isZero();

    var interrupted = draft();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> agent.run(interrupted)).isInstanceOf(InterruptedException.class);
    assertThat(interrupted.heartbeats()).isZero();
  }

  @Test
  void unknownModeIsAPermanentFailureNamingTheParam() {
    assertThatThrownBy(() -> agent.run(draft().param("mode", "poem")))
        .isInstanceOfSatisfying(AgentFailureException.class,
            e -> assertThat(e.failure().kind()).isEqualTo(FailureKind.PERMANENT))
        .hasMessageContaining("param 'mode'").hasMessageContaining("'poem'");
  }
}
