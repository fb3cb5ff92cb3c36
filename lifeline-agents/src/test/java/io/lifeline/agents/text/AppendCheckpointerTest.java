package io.lifeline.agents.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.agents.FakeAttemptContext;
import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.checkpoint.CheckpointKind;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AppendCheckpointerTest {

  static String text(Checkpoint c) {
    return new String(c.state(), StandardCharsets.UTF_8);
  }

  @Test
  void aFreshAttemptSavesAFullThenDeltas() {
    var context = new FakeAttemptContext();
    var checkpointer = new AppendCheckpointer(context, OptionalInt.of(1), "");
    checkpointer.appended("a", 1);
    checkpointer.appended("b", 2);

    assertThat(context.checkpoints()).extracting(Checkpoint::kind).containsExactly(CheckpointKind.FULL, CheckpointKind.DELTA);
    assertThat(context.checkpoints()).extracting(AppendCheckpointerTest::text).containsExactly("a", "b");
  }

  /**
   * A hedge twin checkpointed in between, so the coordinator refused this attempt's DELTA: every
   * later DELTA would be refused too, and the attempt's work after the refusal never saved.
   */
  @Test
  void afterARefusedCheckpointTheNextIsAFullOfTheWholeText() {
    var context = new FakeAttemptContext().refuseCheckpoint(2);
    var checkpointer = new AppendCheckpointer(context, OptionalInt.of(1), "base ");
    checkpointer.appended("a ", 1);
    checkpointer.appended("b ", 2); // refused
    checkpointer.appended("c ", 3);
    checkpointer.appended("d", 4);

    assertThat(context.checkpoints()).extracting(Checkpoint::kind)
        .containsExactly(CheckpointKind.DELTA, CheckpointKind.FULL, CheckpointKind.DELTA);
    assertThat(context.checkpoints()).extracting(AppendCheckpointerTest::text).containsExactly("a ", "base a b c ", "d");
    assertThat(context.checkpoints()).extracting(Checkpoint::progress).containsExactly(1L, 3L, 4L);
  }

  @Test
  void aDiscardStartsTheChainAgainFromNothing() {
    var context = new FakeAttemptContext().refuseCheckpoint(1);
    var checkpointer = new AppendCheckpointer(context, OptionalInt.of(1), "");
    checkpointer.appended("I can't", 1); // refused
    checkpointer.discard();
    checkpointer.appended("x", 2);

    assertThat(context.checkpoints()).extracting(AppendCheckpointerTest::text).containsExactly("", "x");
    assertThat(context.checkpoints()).extracting(Checkpoint::kind).containsExactly(CheckpointKind.FULL, CheckpointKind.DELTA);
  }
}
