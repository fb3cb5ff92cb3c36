package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.event.Event;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.Workflow;
import io.lifeline.store.JobState;
import io.lifeline.store.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shell on real threads with an in-memory store: wiring, write-ahead and resume. */
class LifelineEngineTest {

  static final Workflow ARTICLE = Workflow.builder("article")
      .step("outline", s -> s.kind("text").prompt("Outline {{topic}}"))
      .step("draft", s -> s.kind("text").after("outline").prompt("Write from: {{outline}}"))
      .build();

  final MemoryStore store = new MemoryStore();
  final List<Event> events = new CopyOnWriteArrayList<>();
  LifelineEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  LifelineEngine start(Agent... agents) {
    var builder = LifelineEngine.builder(store,
            EngineConfig.defaults(() -> new SilenceDetector(Duration.ofSeconds(5))))
        .workflow(ARTICLE)
        .listener(events::add);
    for (var agent : agents) {
      builder.agent(agent);
    }
    engine = builder.build().start();
    return engine;
  }

  @Test
  void runsAJobAndRendersUpstreamOutputsIntoPrompts() throws Exception {
    var prompts = new CopyOnWriteArrayList<String>();
    start(agent("echo", ctx -> {
      prompts.add(ctx.prompt());
      return Output.text("<" + ctx.prompt() + ">");
    }));
    String job = engine.submit(JobRequest.of("article", Map.of("topic", "tides")));
    assertThat(engine.whenDone(job).get(10, TimeUnit.SECONDS)).isEqualTo(JobState.SUCCEEDED);
    assertThat(prompts).containsExactly("Outline tides", "Write from: <Outline tides>");
    assertThat(store.output(job, "draft").orElseThrow().text()).isEqualTo("<Write from: <Outline tides>>");
  }

  @Test
  void nothingIsDispatchedBeforeItsAttemptIsDurable() throws Exception {
    var checked = new AtomicInteger();
    start(agent("careful", ctx -> {
      // Write-ahead: the AttemptStarted of this very attempt is already in the store.
      assertThat(store.history(ctx.jobId())).anySatisfy(e -> assertThat(e.json())
          .contains("\"type\":\"AttemptStarted\"").contains("\"stepId\":\"" + ctx.stepId() + "\""));
      checked.incrementAndGet();
      return Output.text("ok");
    }));
    String job = engine.submit(JobRequest.of("article", Map.of()));
    assertThat(store.job(job)).isPresent();
    assertThat(engine.whenDone(job).get(10, TimeUnit.SECONDS)).isEqualTo(JobState.SUCCEEDED);
    assertThat(checked).hasValue(2);
  }

  @Test
  void aRetryResumesFromTheLatestCheckpoint() throws Exception {
    var calls = new AtomicInteger();
    start(agent("resumer", ctx -> {
      if (ctx.stepId().equals("outline")) {
        return Output.text("outline");
      }
      var prefix = ctx.resumeFrom().map(r -> new String(r.concatenated(), StandardCharsets.UTF_8)).orElse("");
      if (calls.incrementAndGet() == 1) {
        ctx.checkpoint(CheckpointKind.FULL, "part one. ".getBytes(StandardCharsets.UTF_8), 1).join();
        throw new AgentFailureException(FailureKind.TRANSIENT, "503 mid-stream");
      }
      return Output.text(prefix + "part two.");
    }));
    String job = engine.submit(JobRequest.of("article", Map.of()));
    assertThat(engine.whenDone(job).get(10, TimeUnit.SECONDS)).isEqualTo(JobState.SUCCEEDED);
    assertThat(store.output(job, "draft").orElseThrow().text()).isEqualTo("part one. part two.");
    assertThat(events).filteredOn(e -> e instanceof Event.AttemptStarted s && s.stepId().equals("draft"))
        .last().satisfies(e -> assertThat(((Event.AttemptStarted) e).resumedSeq()).isEqualTo(1));
  }

  @Test
  void idempotencyKeysReturnTheSameJob() {
    start(agent("echo", ctx -> Output.text("x")));
    var request = JobRequest.of("article", Map.of()).withIdempotencyKey("order-42");
    assertThat(engine.submit(request)).isEqualTo(engine.submit(request));
  }

  @Test
  void invalidSubmissionsAreRefusedWithTheFieldNamed() {
    start(agent("echo", ctx -> Output.text("x")));
    assertThatThrownBy(() -> engine.submit(JobRequest.of("nope", Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workflow: 'nope'");
    assertThat(store.jobs(java.util.Optional.empty(), 10)).isEmpty();
  }

  static Agent agent(String id, ScriptedAgent.Body body) {
    return new ScriptedAgent(id, /* slots= */ 4, body);
  }
}
