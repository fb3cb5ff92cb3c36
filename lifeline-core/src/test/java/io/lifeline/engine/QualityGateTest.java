package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.model.Output;
import io.lifeline.model.QualityGate;
import io.lifeline.model.Workflow;
import io.lifeline.quality.DriftCheck;
import io.lifeline.quality.DriftEvaluator;
import io.lifeline.quality.QualityEvaluator;
import io.lifeline.quality.Score;
import io.lifeline.store.JobState;
import io.lifeline.store.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Quality gates through the real shell: quorum, abstention, scores in the history, drift prefixes. */
class QualityGateTest {

  final MemoryStore store = new MemoryStore();
  LifelineEngine engine;

  @AfterEach
  void close() {
    engine.close();
  }

  static QualityEvaluator judge(String name, double score) {
    return new QualityEvaluator() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Score evaluate(String prompt, Output output) {
        if (Double.isNaN(score)) {
          throw new IllegalStateException("judge is down");
        }
        return new Score(score, name + " says " + score);
      }
    };
  }

  JobState run(QualityGate gate, List<QualityEvaluator> judges, AtomicInteger calls) throws Exception {
    var wf = Workflow.builder("gated").step("a", s -> s.kind("text").quality(gate)
        .retry(io.lifeline.model.RetryPolicy.DEFAULT.withRetries(1))).build();
    var builder = LifelineEngine.builder(store, EngineConfig.defaults(() -> new SilenceDetector(Duration.ofSeconds(5))))
        .workflow(wf)
        .agent(LifelineEngineTest.agent("w1", ctx -> {
          calls.incrementAndGet();
          return Output.text("some text");
        }))
        // A rejected output goes to another agent, never back to the one that wrote it.
        .agent(LifelineEngineTest.agent("w2", ctx -> {
          calls.incrementAndGet();
          return Output.text("other text");
        }));
    judges.forEach(builder::evaluator);
    engine = builder.build().start();
    String job = engine.submit(io.lifeline.engine.JobRequest.of("gated", Map.of()));
    return engine.whenDone(job).get(10, TimeUnit.SECONDS);
  }

  @Test
  void oneAdversarialJudgeCannotPassAnOutputTheHonestMajorityRejects() throws Exception {
    var calls = new AtomicInteger();
    var gate = new QualityGate(List.of("liar", "honest-1", "honest-2"), 0.5, 2);
    var state = run(gate, List.of(judge("liar", 1.0), judge("honest-1", 0.1), judge("honest-2", 0.2)), calls);
    assertThat(state).isEqualTo(JobState.FAILED);
    assertThat(calls).hasValue(2);
    assertThat(history()).filteredOn(e -> e.type().equals("QualityScored")).hasSizeBetween(4, 6); // votes may stop early
    assertThat(history()).anySatisfy(e -> assertThat(e.json()).contains("LOW_QUALITY").contains("2 of 3 needed to pass"));
    var started = history().stream().filter(e -> e.type().equals("AttemptStarted")).map(e -> e.json()).toList();
    assertThat(started).hasSize(2);
    assertThat(String.join(" ", started)).contains("\"agentId\":\"w1\"").contains("\"agentId\":\"w2\"");
  }

  @Test
  void oneAdversarialOrBrokenJudgeCannotSinkAnOutputTheHonestMajorityAccepts() throws Exception {
    var calls = new AtomicInteger();
    var gate = new QualityGate(List.of("saboteur", "honest-1", "honest-2", "broken"), 0.5, 2);
    var state = run(gate, List.of(judge("saboteur", 0.0), judge("honest-1", 0.9), judge("honest-2", 0.8),
        judge("broken", Double.NaN)), calls);
    assertThat(state).isEqualTo(JobState.SUCCEEDED);
    assertThat(calls).hasValue(1);
    // The quorum stops once decided, so the broken judge's abstention may come too late to record.
  }

  @Test
  void aDriftRejectionKeepsTheInStylePrefixAsTheCheckpoint() throws Exception {
    var drift = new DriftEvaluator() {
      @Override
      public String name() {
        return "style";
      }

      @Override
      public Score evaluate(String prompt, Output output) {
        return check(prompt, output, 0.5).toScore();
      }

      @Override
      public DriftCheck check(String prompt, Output output, double minScore) {
        int off = output.text().indexOf("OFF");
        return off < 0 ? new DriftCheck(0.9, OptionalInt.empty(), output.text().length(), "in style")
            : new DriftCheck(0.1, OptionalInt.of(1), off, "drifted at chunk 1");
      }
    };
    var resumedFrom = new java.util.concurrent.CopyOnWriteArrayList<String>();
    var resumedProgress = new java.util.concurrent.CopyOnWriteArrayList<Long>();
    var wf = Workflow.builder("styled").step("a", s -> s.kind("text").quality(new QualityGate("style", 0.5))).build();
    ScriptedAgent.Body writer = ctx -> {
      var prefix = ctx.resumeFrom().map(r -> new String(r.concatenated(), StandardCharsets.UTF_8)).orElse("");
      resumedFrom.add(prefix);
      ctx.resumeFrom().ifPresent(r -> resumedProgress.add(r.progress()));
      ctx.progress(340); // ten units a character: the prefix is credited its share, not all of it
      return Output.text(prefix.isEmpty() ? "In style. In style. OFF topic rant" : prefix + "and back in style.");
    };
    // The replacement (another agent: the one that drifted is not asked again) continues from the prefix.
    engine = LifelineEngine.builder(store, EngineConfig.defaults(() -> new SilenceDetector(Duration.ofSeconds(5))))
        .workflow(wf).evaluator(drift)
        .agent(LifelineEngineTest.agent("w1", writer))
        .agent(LifelineEngineTest.agent("w2", writer))
        .build().start();
    String job = engine.submit(io.lifeline.engine.JobRequest.of("styled", Map.of()));
    assertThat(engine.whenDone(job).get(10, TimeUnit.SECONDS)).isEqualTo(JobState.SUCCEEDED);
    assertThat(resumedFrom).containsExactly("", "In style. In style. ");
    assertThat(resumedProgress).containsExactly(200L);
    assertThat(store.output(job, "a").orElseThrow().text()).isEqualTo("In style. In style. and back in style.");
    assertThat(store.history(job)).anySatisfy(e -> assertThat(e.json()).contains("\"kind\":\"DRIFT\""));
  }

  @Test
  void anUnsafeOutputGoesToTheFallbackVariant() throws Exception {
    var wf = Workflow.builder("safe").step("a", s -> s.kind("text")
        .fallbacks(List.of(new io.lifeline.model.Variant("rephrased", Map.of(), Map.of(), "Say it politely")))).build();
    engine = LifelineEngine.builder(store, EngineConfig.defaults(() -> new SilenceDetector(Duration.ofSeconds(5))))
        .workflow(wf)
        .safetyFilter((prompt, output) -> output.text().contains("rude")
            ? io.lifeline.quality.SafetyVerdict.unsafe("blocklist: 'rude'") : io.lifeline.quality.SafetyVerdict.SAFE)
        .agent(LifelineEngineTest.agent("w1", ctx -> Output.text(ctx.prompt().isEmpty() ? "something rude" : "something kind")))
        .build().start();
    String job = engine.submit(io.lifeline.engine.JobRequest.of("safe", Map.of()));
    assertThat(engine.whenDone(job).get(10, TimeUnit.SECONDS)).isEqualTo(JobState.SUCCEEDED);
    assertThat(store.output(job, "a").orElseThrow().text()).isEqualTo("something kind");
    assertThat(store.history(job)).anySatisfy(e -> assertThat(e.json()).contains("\"kind\":\"UNSAFE\""))
        .anySatisfy(e -> assertThat(e.json()).contains("\"action\":\"Fallback\""));
  }

  @Test
  void theFallbackChainTriesAnotherProviderThenTheRephrasedPromptThenDeadLetters() throws Exception {
    var wf = Workflow.builder("safe").step("a", s -> s.kind("text").retry(io.lifeline.model.RetryPolicy.DEFAULT)
        .prompt("Say it").fallbacks(List.of(new io.lifeline.model.Variant("rephrased", Map.of(), Map.of(), "Say it politely"))))
        .build();
    var prompts = new java.util.concurrent.CopyOnWriteArrayList<String>();
    engine = LifelineEngine.builder(store, EngineConfig.defaults(() -> new SilenceDetector(Duration.ofSeconds(5))))
        .workflow(wf)
        .safetyFilter((prompt, output) -> output.text().contains("rude")
            ? io.lifeline.quality.SafetyVerdict.unsafe("blocklist: 'rude'") : io.lifeline.quality.SafetyVerdict.SAFE)
        .agent(onProvider("w1", "p1", prompts)).agent(onProvider("w2", "p2", prompts))
        .build().start();
    String job = engine.submit(io.lifeline.engine.JobRequest.of("safe", Map.of()));

    assertThat(engine.whenDone(job).get(10, TimeUnit.SECONDS)).isEqualTo(JobState.FAILED);
    // Both providers refuse-worthy on the plain prompt, and the rephrased prompt is still rude.
    assertThat(prompts.subList(0, 3)).containsExactly("Say it", "Say it", "Say it politely");
    var actions = store.history(job).stream().filter(e -> e.type().equals("RecoveryDecided")).map(e -> e.json()).toList();
    assertThat(actions.get(0)).contains("\"action\":\"Replace\"");
    assertThat(actions.get(1)).contains("\"action\":\"Fallback\"");
    assertThat(actions.getLast()).contains("\"action\":\"DeadLetter\"").contains("fallback chain exhausted after UNSAFE");
  }

  private static io.lifeline.model.Agent onProvider(String id, String provider, List<String> prompts) {
    var spec = new io.lifeline.model.AgentSpec(id, "text", Map.of("provider", provider), 0, 4);
    return new io.lifeline.model.Agent() {
      @Override
      public io.lifeline.model.AgentSpec spec() {
        return spec;
      }

      @Override
      public Output run(io.lifeline.model.AttemptContext context) {
        prompts.add(context.prompt());
        return Output.text("something rude");
      }
    };
  }

  private List<io.lifeline.store.StoredEvent> history() {
    var job = store.jobs(java.util.Optional.empty(), 1).getFirst().jobId();
    return store.history(job);
  }
}
