package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.model.Deadlines;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Hedge;
import io.lifeline.model.Workflow;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A cancel says whether the attempt was stopped for its own fault, which agents report to their
 * provider's health ({@code AttemptContext.cancelledFor}): a hang the engine timed out counts, a
 * loser of a hedge race does not.
 */
class CancelChargeTest {

  @Test
  void anAttemptStoppedByItsNoProgressDeadlineIsChargedWithTheTimeout() {
    var workflow = Workflow.builder("w").step("a", s -> s.kind("text")
        .deadlines(new Deadlines(Duration.ofSeconds(60), Duration.ofSeconds(2)))).build();
    var h = new Harness(workflow).agent("w1", "text").agent("w2", "text");
    h.submit("w", Map.of());
    var first = h.lastDispatch();
    h.advanceBeating(Duration.ofMillis(2100), "w1", "w2");

    assertThat(h.cancels).singleElement().satisfies(cancel -> {
      assertThat(cancel.key()).isEqualTo(first.key());
      assertThat(cancel.charged()).map(Failure::kind).contains(FailureKind.TIMEOUT);
      assertThat(cancel.charged()).map(Failure::message).contains("no progress for PT2S");
    });
  }

  @Test
  void theLoserOfAHedgeRaceIsNotBlamed() {
    var workflow = Workflow.builder("h").step("a", s -> s.kind("text")
        .deadlines(new Deadlines(Duration.ofSeconds(60), Duration.ofSeconds(30))).hedge(Hedge.after(Duration.ofSeconds(1)))).build();
    var h = new Harness(workflow).agent("w1", "text").agent("w2", "text");
    h.submit("h", Map.of());
    var first = h.lastDispatch();
    h.advanceBeating(Duration.ofMillis(1100), "w1", "w2");
    h.succeed(h.lastDispatch(), "fast");

    assertThat(h.cancels).singleElement().satisfies(cancel -> {
      assertThat(cancel.key()).isEqualTo(first.key());
      assertThat(cancel.charged()).isEqualTo(Optional.empty());
    });
  }
}
