package io.lifeline.agents.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.agents.evaluate.AgentJudge;
import io.lifeline.agents.evaluate.LlmJudgeEvaluator;
import io.lifeline.agents.provider.health.ProviderHealth;
import io.lifeline.config.AgentsFile;
import io.lifeline.engine.EngineConfig;
import io.lifeline.engine.JobRequest;
import io.lifeline.engine.LifelineEngine;
import io.lifeline.event.Event;
import io.lifeline.model.Agent;
import io.lifeline.model.QualityGate;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.Workflow;
import io.lifeline.quality.EvaluationRetry;
import io.lifeline.store.JobRecord;
import io.lifeline.store.JobState;
import io.lifeline.store.MemoryStore;
import io.lifeline.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 4 item 3 through real provider agents: a writer and an LLM judge on one fake
 * OpenAI-compatible server (answers are scripted in request order). The judge's streamed usage
 * reaches the job's totals, and its request carries a key derived from the attempt it reviews.
 */
@Timeout(30)
class JudgeOnAProviderEngineTest {

  static final String JOB = "job-1";
  static final double PRICE = 0.001;
  static final String VERDICT = "{\"score\": 0.9, \"verdict\": \"pass\", \"reason\": \"accurate\"}";

  final FakeProvider openai = FakeProvider.openAi();
  final MemoryStore store = new MemoryStore();
  final List<Event> events = new CopyOnWriteArrayList<>();
  final List<Duration> backoffs = new CopyOnWriteArrayList<>();
  ProviderAgents agents;
  LifelineEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    if (agents != null) {
      agents.close();
    }
    openai.close();
  }

  JobRecord run() throws Exception {
    String common = ", baseUrl: \"" + openai.baseUrl() + "\", model: m, apiKeyEnv: KEY, costPerToken: " + PRICE
        + ", timeout: 5s}\n";
    var configs = AgentsFile.parse("agents:\n"
        + "  - {id: writer-a, provider: openai" + common
        + "  - {id: judge-a, provider: openai" + common, "agents.yaml", Map.of("KEY", "sk-test")::get);
    agents = new ProviderAgents(ProviderHealth.system());
    List<Agent> created = agents.create(configs);
    Agent writer = created.stream().filter(a -> a.spec().id().equals("writer-a")).findFirst().orElseThrow();
    Agent judge = created.stream().filter(a -> a.spec().id().equals("judge-a")).findFirst().orElseThrow();
    var workflow = Workflow.builder("article").step("draft", s -> s.kind("text").prompt("Write about tides")
        .retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0))
        .quality(new QualityGate("judge:judge-a", 0.5))).build();
    // Only the writer is the engine's: the judge is asked by the gate, never dispatched a step.
    engine = LifelineEngine.builder(store, EngineConfig.defaults())
        .workflow(workflow)
        .agent(writer)
        .evaluator(new LlmJudgeEvaluator("judge:judge-a", new AgentJudge(judge, Ticker.system())))
        .evaluationRetry(EvaluationRetry.DEFAULT, backoffs::add)
        .listener(events::add)
        .build().start();
    engine.submit(JobRequest.of("article", Map.of()).withJobId(JOB));
    engine.whenDone(JOB).get(25, TimeUnit.SECONDS);
    return store.job(JOB).orElseThrow();
  }

  <E extends Event> List<E> events(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void theJudgesTokensAreTheJobsAndItsKeyNamesTheReviewedAttempt() throws Exception {
    openai.then(openai.answer("Tides rise and fall twice a day.")) // 7 tokens + 10 prompt
        .then(openai.answer(VERDICT)); // 6 tokens + 10 prompt

    var job = run();

    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(job.tokensUsed()).isEqualTo(17 + 16);
    assertThat(job.costUsed()).isCloseTo(33 * PRICE, Offset.offset(1e-9));
    assertThat(events(Event.StepSucceeded.class)).extracting(Event.StepSucceeded::tokens).containsExactly(17L);
    assertThat(events(Event.QualityScored.class)).singleElement().satisfies(scored -> {
      assertThat(scored.tokens()).isEqualTo(16);
      assertThat(scored.cost()).isCloseTo(16 * PRICE, Offset.offset(1e-9));
      assertThat(scored.reason()).contains("accurate");
    });
    assertThat(openai.requests()).extracting(r -> r.getHeaders().get("Idempotency-Key"))
        .containsExactly(JOB + "/draft/1", JOB + "/draft/1/judge:judge-a");
  }

  @Test
  void aJudgeBackAfterA500IsAskedAgainWithoutANewDraft() throws Exception {
    openai.then(openai.answer("Tides rise and fall twice a day."))
        .then(FakeProvider.error(500, "{\"error\":{\"message\":\"internal error\"}}"))
        .then(openai.answer(VERDICT));

    var job = run();

    assertThat(job.state()).as(store.history(JOB).stream().map(e -> e.json()).toList().toString())
        .isEqualTo(JobState.SUCCEEDED);
    assertThat(events(Event.AttemptStarted.class)).hasSize(1);
    assertThat(events(Event.AttemptFailed.class)).isEmpty();
    assertThat(backoffs).containsExactly(Duration.ofSeconds(1));
    assertThat(job.tokensUsed()).isEqualTo(17 + 16);
    assertThat(openai.requests()).extracting(r -> r.getHeaders().get("Idempotency-Key"))
        .containsExactly(JOB + "/draft/1", JOB + "/draft/1/judge:judge-a", JOB + "/draft/1/judge:judge-a/round-2");
  }
}
