package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.detect.Health;
import io.lifeline.event.Event;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.Workflow;
import io.lifeline.store.JobState;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One regression test per defect of the seed article's Python sketch (DESIGN §6); each fails on
 * the article's behaviour.
 */
class SeedArticleDefectsTest {

  static final Workflow ONE = Workflow.builder("one").step("a", s -> s.kind("text")).build();

  @Test
  void seedDefectNeverCompletesATask() {
    // The article's run_cycle assigns tasks forever and never moves them to completed_tasks.
    var h = new Harness(ONE).agent("w1", "text");
    String job = h.submit("one", Map.of());
    h.succeed(h.lastDispatch(), "done");
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(h.coordinator.activeJobs()).isZero();
  }

  @Test
  void seedDefectHeartbeatDefaultEvaluatedOnceAtClassLoad() {
    // `last_heartbeat: float = time.time()` is evaluated once, so an agent added later looks
    // silent since class load and is declared faulty at once.
    var h = new Harness(ONE);
    h.advance(Duration.ofMinutes(5));
    h.agent("late", "text");
    h.advance(Duration.ofMillis(100));
    assertThat(h.coordinator.agentHealth("late")).contains(Health.HEALTHY);
  }

  @Test
  void seedDefectReplaceDecisionIgnoredByDispatch() {
    // The article computes new_agent_id, then dispatch picks random.choice again.
    var h = new Harness(ONE).agent("w1", "text").agent("w2", "text").agent("w3", "text");
    h.submit("one", Map.of());
    h.fail(h.lastDispatch(), Failure.of(FailureKind.AGENT_LOST, "gone"));
    var decision = h.events(Event.RecoveryDecided.class).getFirst();
    assertThat(decision.action()).isEqualTo("Replace");
    assertThat(h.lastDispatch().agentId()).isEqualTo(decision.agentId());
  }

  @Test
  void seedDefectRetriesCountedTwice() {
    // handle_failure increments retry_counts and handle_task_failure increments task['retries']
    // again. Here three retries mean exactly four attempts.
    var wf = Workflow.builder("one").step("a", s -> s.kind("text").retry(RetryPolicy.DEFAULT.withRetries(3))).build();
    var h = new Harness(wf).agent("w1", "text").agent("w2", "text");
    String job = h.submit("one", Map.of());
    for (int i = 0; i < 4; i++) {
      h.fail(h.lastDispatch(), Failure.of(FailureKind.TIMEOUT, "hang"));
      h.advanceBeating(Duration.ofSeconds(1), "w1", "w2");
    }
    assertThat(h.dispatches).hasSize(4);
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.FAILED);
  }

  @Test
  void seedDefectFinishedTasksTimeOutAgain() {
    // monitor_tasks never removes a deadline, so a finished task "times out" later.
    var h = new Harness(ONE).agent("w1", "text");
    h.submit("one", Map.of());
    h.succeed(h.lastDispatch(), "done");
    h.advanceBeating(Duration.ofMinutes(15), "w1");
    assertThat(h.events(Event.AttemptFailed.class)).isEmpty();
  }

  @Test
  void seedDefectHeartbeatsReviveAgentsDeclaredFaulty() {
    // simulate_heartbeats sets status back to 'active' for agents declared faulty.
    var h = new Harness(ONE).agent("w1", "text");
    h.advance(Duration.ofSeconds(3));
    assertThat(h.coordinator.agentHealth("w1")).contains(Health.DEAD);
    h.coordinator.handle(new Input.Heartbeat("w1", 1));
    var drained = h.coordinator.drain();
    assertThat(h.coordinator.agentHealth("w1")).contains(Health.DEAD);
    assertThat(drained.evictions()).containsExactly("w1"); // told to rejoin, not revived
    h.agent("w1", "text"); // a new incarnation rejoins explicitly
    assertThat(h.coordinator.agentHealth("w1")).contains(Health.HEALTHY);
  }
}
