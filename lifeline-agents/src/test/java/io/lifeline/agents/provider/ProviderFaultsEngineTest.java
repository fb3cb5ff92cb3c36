package io.lifeline.agents.provider;

import static io.lifeline.agents.provider.FakeProvider.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.agents.provider.health.ProviderHealth;
import io.lifeline.config.AgentsFile;
import io.lifeline.config.WorkflowFiles;
import io.lifeline.engine.EngineConfig;
import io.lifeline.engine.JobRequest;
import io.lifeline.engine.LifelineEngine;
import io.lifeline.event.Event;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.store.JobRecord;
import io.lifeline.store.JobState;
import io.lifeline.store.MemoryStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every provider fault of issue 4 through a real engine: two agents loaded from an agents file,
 * writer-a on a fake OpenAI-compatible server and writer-b on a fake Ollama, so that retries (same
 * agent) and replacements (the other provider) show. Each test checks the failure kind, the
 * recovery, the job's end, that nothing is counted twice and that the API key leaks nowhere.
 * writer-a runs first attempts: the pool is idle and equal in cost, and ties go by id.
 */
@Timeout(30)
class ProviderFaultsEngineTest {

  static final String KEY = "sk-live-9d8c7b6a5f4e";
  static final String JOB = "job-1";
  /** Cost units per token of both writers of {@link #agentsFile}. */
  static final double PRICE = 0.001;

  final FakeProvider openai = FakeProvider.openAi();
  final FakeProvider ollama = FakeProvider.ollama();
  final MemoryStore store = new MemoryStore();
  final List<Event> events = new CopyOnWriteArrayList<>();
  ProviderHealth health = ProviderHealth.system();
  ProviderAgents agents;
  LifelineEngine engine;
  JobRecord job;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    if (agents != null) {
      agents.close();
    }
    openai.close();
    ollama.close();
  }

  /** Agents with the given stream idle timeout and checkpoint cadence; {@code both} = writer-b too. */
  String agentsFile(String idleTimeout, int checkpointEveryTokens, boolean both) {
    // One token price for both, so that they are equal in cost (and writer-a goes first).
    String common = ", costPerToken: " + PRICE + ", idleTimeout: " + idleTimeout + ", timeout: 5s, checkpointEveryTokens: "
        + checkpointEveryTokens;
    return "agents:\n"
        + "  - {id: writer-a, provider: openai, baseUrl: \"" + openai.baseUrl() + "\", model: small-model,"
        + " apiKeyEnv: OPENAI_API_KEY" + common + "}\n"
        + (both ? "  - {id: writer-b, provider: ollama, baseUrl: \"" + ollama.baseUrl() + "\", model: llama3"
        + common + "}\n" : "");
  }

  static String workflow(String noProgressTimeout, int sameAgentRetries) {
    return """
        name: article
        inputs: [topic]
        steps:
          - id: draft
            kind: text
            prompt: "Write about {{topic}}"
            timeout: 20s
            noProgressTimeout: %s
            retries: 3
            backoff: 10ms
            maxBackoff: 20ms
            sameAgentRetries: %d
        """.formatted(noProgressTimeout, sameAgentRetries);
  }

  JobRecord run(String agentsYaml, String workflowYaml) throws Exception {
    JobRecord job = runToTheEnd(agentsYaml, workflowYaml);
    // A cancelled attempt's spend is charged when its late end arrives, which may be after the job
    // ended: wait (bounded) until every charged token is explained by an event.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(store.job(JOB).orElseThrow().tokensUsed())
            .as("tokens charged, against those its events explain").isEqualTo(explainedTokens()));
    job = store.job(JOB).orElseThrow();
    assertAccountedOnceAndNoKeyLeaked(job);
    this.job = job;
    return job;
  }

  /** Runs the job until it ends, checking nothing. */
  JobRecord runToTheEnd(String agentsYaml, String workflowYaml) throws Exception {
    var configs = AgentsFile.parse(agentsYaml, "agents.yaml", Map.of("OPENAI_API_KEY", KEY)::get);
    agents = new ProviderAgents(health);
    var builder = LifelineEngine.builder(store, EngineConfig.defaults())
        .workflow(WorkflowFiles.parse(workflowYaml, "article.yaml"))
        .listener(events::add);
    agents.create(configs).forEach(builder::agent);
    engine = builder.build().start();
    engine.submit(JobRequest.of("article", Map.of("topic", "tides")).withJobId(JOB));
    engine.whenDone(JOB).get(25, TimeUnit.SECONDS);
    return store.job(JOB).orElseThrow();
  }

  JobRecord run() throws Exception {
    return run(agentsFile("1s", 4, true), workflow("3s", 2));
  }

  <E extends Event> List<E> events(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).filter(e -> !(e.jobId().isEmpty() && !(e instanceof Event.ProviderCooling))).toList();
  }

  List<FailureKind> failureKinds() {
    return events(Event.AttemptFailed.class).stream().map(Event.AttemptFailed::kind).toList();
  }

  List<String> decisions() {
    return events(Event.RecoveryDecided.class).stream()
        .map(d -> d.agentId().isEmpty() ? d.action() : d.action() + " " + d.agentId()).toList();
  }

  Event.StepSucceeded success() {
    return events(Event.StepSucceeded.class).getFirst();
  }

  Output draft() {
    return store.output(JOB, "draft").orElseThrow();
  }

  /**
   * Each attempt counted once, one effective result, no key anywhere; the job is charged exactly
   * the result's tokens plus what failed and superseded attempts consumed (I4), each once.
   */
  /** The tokens the job's events say it spent: results, failures and late results, each once. */
  long explainedTokens() {
    return events(Event.StepSucceeded.class).stream().mapToLong(Event.StepSucceeded::tokens).sum()
        + events(Event.AttemptFailed.class).stream().mapToLong(Event.AttemptFailed::tokens).sum()
        + events(Event.StaleResultRejected.class).stream().mapToLong(Event.StaleResultRejected::tokens).sum();
  }

  void assertAccountedOnceAndNoKeyLeaked(JobRecord job) {
    var started = events(Event.AttemptStarted.class);
    assertThat(job.attemptsUsed()).isEqualTo(started.size());
    assertThat(started).extracting(Event.AttemptStarted::attempt).doesNotHaveDuplicates();
    var succeeded = events(Event.StepSucceeded.class);
    assertThat(succeeded).hasSizeLessThanOrEqualTo(1);
    assertThat(job.tokensUsed()).isEqualTo(explainedTokens());
    String history = store.history(JOB).stream().map(e -> e.json()).collect(Collectors.joining("\n"));
    assertThat(history).doesNotContain(KEY);
    assertThat(job.reason()).doesNotContain(KEY);
    store.output(JOB, "draft").ifPresent(o -> assertThat(o.text() + o.metadata()).doesNotContain(KEY));
  }

  /**
   * The job's totals, worked out by hand from what the fake providers sent. A finished stream
   * reports usage (10 prompt tokens + one per word streamed); a stream that died is charged its
   * estimate: the prompt "Write about tides" (17 chars, 4 tokens at 4 chars a token) and the chunks
   * it streamed.
   */
  void assertCharged(long tokens, double pricePerToken) {
    assertThat(job.tokensUsed()).as("tokens charged").isEqualTo(tokens);
    assertThat(job.costUsed()).as("cost charged").isCloseTo(tokens * pricePerToken, org.assertj.core.api.Assertions.within(1e-9));
  }

  // ------------------------------------------------------------ the token budget (I4)

  /**
   * The job may spend 30 tokens. The request asks for at most 30 output tokens, but the provider
   * streams on (as one that ignores the cap, or counts differently, would). With the prompt's
   * estimate (4) the attempt's usage reaches 30 at the 26th token: it stops there, keeps the text,
   * and the job, charged exactly 30, fails without starting another attempt.
   */
  @Test
  void aStreamStopsWhenTheJobsTokenBudgetIsReachedAndTheJobIsChargedNoMore() throws Exception {
    openai.then(openai.answer(numbered(1, 40), "stop"));
    String budgeted = workflow("10s", 2) + "budget: {maxTokens: 30}\n";

    JobRecord ended = run(agentsFile("10s", 100, true), budgeted);
    assertThat(ended.state()).isEqualTo(JobState.FAILED);
    assertThat(ended.reason()).isEqualTo("step 'draft': BUDGET_EXHAUSTED: token budget of 30 spent (30)");
    assertThat(failureKinds()).containsExactly(FailureKind.INVALID_OUTPUT);
    assertThat(events(Event.AttemptFailed.class).getFirst().message()).contains("token budget is reached");
    assertThat(openai.bodies()).singleElement().asString().contains("\"max_tokens\" : 30");
    assertThat(ollama.requests()).isEmpty();
    assertThat(checkpointedTokens()).isEqualTo(26);
    assertCharged(30, PRICE);
  }

  /** A second step starts with what the first left: its output cap is the 12 tokens left. */
  @Test
  void theNextStepsRequestIsCappedAtTheTokensTheJobHasLeft() throws Exception {
    openai.then(openai.answer(numbered(1, 8), "stop")).then(openai.answer(numbered(1, 2), "stop"));
    String twoSteps = workflow("10s", 2) + """
          - id: summary
            kind: text
            after: [draft]
            prompt: "Sum up {{draft}}"
            params: {maxTokens: 500}
        budget: {maxTokens: 30}
        """;

    job = runToTheEnd(agentsFile("10s", 100, false), twoSteps);
    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(events(Event.StepSucceeded.class)).extracting(Event.StepSucceeded::tokens).containsExactly(18L, 12L);
    assertThat(openai.bodies().get(0)).contains("\"max_tokens\" : 30");
    assertThat(openai.bodies().get(1)).contains("\"max_tokens\" : 12"); // 30 - (10 + 8)
    assertCharged((10 + 8) + (10 + 2), PRICE);
  }

  // ------------------------------------------------------------ errors inside a 200 stream

  /** The text before a mid-stream error is kept as for a cut stream: writer-b continues it. */
  @Test
  void anOpenAiRateLimitErrorMidStreamIsRateLimitedAndTheNextProviderContinuesTheText() throws Exception {
    openai.then(openai.errorAfter(numbered(1, 6), "{\"error\":{\"message\":\"Rate limit reached for small-model"
        + " (key " + KEY + ")\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"));
    ollama.then(ollama.answer(numbered(7, 10), "stop"));

    assertThat(run().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).containsExactly(FailureKind.RATE_LIMITED);
    assertThat(events(Event.AttemptFailed.class).getFirst().message())
        .contains("rate_limit_exceeded", "Rate limit reached").doesNotContain(KEY);
    assertThat(events(Event.ProviderCooling.class)).singleElement()
        .satisfies(c -> assertThat(c.provider()).isEqualTo(hostAndPort(openai)));
    assertThat(decisions()).containsExactly("Replace writer-b");
    assertThat(ollama.bodies().getFirst()).contains("w1 w2 w3 w4 w5 w6", ChatRequests.CONTINUE);
    assertThat(draft().text()).isEqualTo("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10");
    assertCharged((4 + 6) + (10 + 4), PRICE); // the failed stream: prompt + 6 chunks; the continuation: 10 + 4
  }

  @Test
  void anOpenAiContentFilterErrorMidStreamIsUnsafeAndItsTextIsNotContinued() throws Exception {
    openai.then(openai.errorAfter(numbered(1, 6), "{\"error\":{\"message\":\"The response was filtered due to"
        + " the prompt triggering content management policy.\",\"type\":\"invalid_request_error\","
        + "\"code\":\"content_filter\"}}"));
    ollama.then(ollama.answer("A calm account of tides."));

    assertThat(run().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).containsExactly(FailureKind.UNSAFE);
    assertThat(events(Event.AttemptFailed.class).getFirst().message()).contains("content_filter");
    assertThat(decisions()).containsExactly("Replace writer-b");
    assertThat(ollama.bodies().getFirst()).doesNotContain("w1", ChatRequests.CONTINUE);
    assertThat(draft().text()).isEqualTo("A calm account of tides.");
    assertCharged((4 + 6) + (10 + 5), PRICE);
  }

  /** Ollama reports a GPU out of memory after the 200 as an NDJSON line {"error": "..."}. */
  @Test
  void anOllamaOutOfMemoryLineMidStreamIsResourceExhaustedAndTheTextIsKept() throws Exception {
    openai.then(openai.answer(numbered(7, 10), "stop"));
    ollama.then(ollama.errorAfter(numbered(1, 6), "{\"error\":\"CUDA error: out of memory\"}"));

    var configs = "agents:\n"
        + "  - {id: writer-a, provider: ollama, baseUrl: \"" + ollama.baseUrl() + "\", model: llama3, costPerToken: "
        + PRICE + ", idleTimeout: 1s, timeout: 5s, checkpointEveryTokens: 4}\n"
        + "  - {id: writer-b, provider: openai, baseUrl: \"" + openai.baseUrl() + "\", model: small-model,"
        + " apiKeyEnv: OPENAI_API_KEY, costPerToken: " + PRICE + ", idleTimeout: 1s, timeout: 5s, checkpointEveryTokens: 4}\n";
    assertThat(run(configs, workflow("3s", 2)).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).containsExactly(FailureKind.RESOURCE_EXHAUSTED);
    assertThat(events(Event.AttemptFailed.class).getFirst().message()).contains("out of memory");
    assertThat(openai.bodies().getFirst()).contains("w1 w2 w3 w4 w5 w6", ChatRequests.CONTINUE);
    assertThat(draft().text()).isEqualTo("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10");
    assertCharged((4 + 6) + (10 + 4), PRICE);
  }

  @Test
  void a429WithRetryAfterSecondsCoolsTheProviderAndAnotherProviderFinishesTheJob() throws Exception {
    openai.then(FakeProvider.error(429, "{\"error\":{\"message\":\"Rate limit reached\",\"code\":\"rate_limit_exceeded\"}}",
        "Retry-After", "30"));
    ollama.then(ollama.answer("Tides follow the moon."));

    assertThat(run().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).containsExactly(FailureKind.RATE_LIMITED);
    assertThat(events(Event.ProviderCooling.class)).singleElement()
        .satisfies(c -> assertThat(c.provider()).isEqualTo(hostAndPort(openai)))
        .satisfies(c -> assertThat(c.untilMillis()).isEqualTo(30_000));
    assertThat(decisions()).containsExactly("Replace writer-b");
    assertThat(success().agentId()).isEqualTo("writer-b");
    assertThat(draft().text()).isEqualTo("Tides follow the moon.");
    assertThat(openai.requests()).hasSize(1);
    assertCharged(14, PRICE); // the 429 costs nothing; the answer 10 + 4
  }

  @Test
  void a429WithAnHttpDateIsHonouredToo() throws Exception {
    String inAMinute = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
        .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(60));
    openai.then(FakeProvider.error(429, "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"slow\"}}",
        "Retry-After", inAMinute));
    ollama.then(ollama.answer("Tides follow the moon."));

    assertThat(run().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).containsExactly(FailureKind.RATE_LIMITED);
    assertThat(events(Event.ProviderCooling.class)).singleElement()
        .satisfies(c -> assertThat(c.untilMillis()).isBetween(55_000L, 60_000L));
    assertThat(decisions()).containsExactly("Replace writer-b");
    assertThat(success().agentId()).isEqualTo("writer-b");
    assertThat(openai.requests()).hasSize(1);
    assertCharged(14, PRICE); // the 429 costs nothing
  }

  /** Two OpenAI-compatible hosts: one host's 429 cools that host only, so the other takes the step. */
  @Test
  void a429CoolsOnlyItsEndpointSoAnotherHostOfTheSameProviderTypeTakesOver() throws Exception {
    try (var second = FakeProvider.openAi()) {
      openai.then(FakeProvider.error(429, "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"slow\"}}",
          "Retry-After", "30"));
      second.then(second.answer("Tides follow the moon."));

      assertThat(run(twoOpenAiHosts(second, ""), workflow("3s", 2)).state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(decisions()).containsExactly("Replace writer-c");
      assertThat(success().agentId()).isEqualTo("writer-c");
      assertThat(second.requests()).hasSize(1);
    }
    assertCharged(14, 0); // the 429 costs nothing
  }

  /** Hosts that share one account say so with a common quota group: a 429 from either cools both. */
  @Test
  void agentsNamingOneQuotaGroupCoolDownTogether() throws Exception {
    try (var second = FakeProvider.openAi()) {
      openai.then(FakeProvider.error(429, "{}", "Retry-After", "1")).then(openai.answer("Tides follow the moon."));
      second.then(second.answer("Tides follow the moon."));

      JobRecord job = run(twoOpenAiHosts(second, ", quotaGroup: acme-org"), workflow("3s", 2));
      assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(events(Event.ProviderCooling.class)).singleElement()
          .satisfies(c -> assertThat(c.provider()).isEqualTo("acme-org"));
      assertThat(decisions()).containsExactly("Wait");
      assertThat(second.requests()).isEmpty();
    }
    assertCharged(14, 0); // the 429 costs nothing; the answer 10 + 4
  }

  static String hostAndPort(FakeProvider provider) {
    var url = java.net.URI.create(provider.baseUrl());
    return url.getHost() + ":" + url.getPort();
  }

  /** writer-a on {@link #openai} and writer-c on {@code second}, both OpenAI-compatible. */
  String twoOpenAiHosts(FakeProvider second, String extra) {
    return "agents:\n"
        + "  - {id: writer-a, provider: openai, baseUrl: \"" + openai.baseUrl() + "\", model: small-model" + extra + "}\n"
        + "  - {id: writer-c, provider: openai, baseUrl: \"" + second.baseUrl() + "\", model: small-model" + extra + "}\n";
  }

  @Test
  void a429WithNoOtherProviderWaitsOutTheCoolDownWithoutSpendingTheStepsRetries() throws Exception {
    openai.then(FakeProvider.error(429, "{}", "Retry-After", "1")).then(openai.answer("Tides follow the moon."));

    JobRecord job = run(agentsFile("1s", 4, false), workflow("3s", 2));
    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(decisions()).containsExactly("Wait");
    assertThat(events(Event.RecoveryDecided.class).getFirst().delayMillis()).isEqualTo(1000);
    assertThat(success().agentId()).isEqualTo("writer-a");
    assertThat(openai.requests()).hasSize(2); // the agent never called during the cool-down
    assertCharged(14, PRICE); // the 429 costs nothing
  }

  @Test
  void aBurstOf500And503IsRetriedOnTheSameAgentWithBackoff() throws Exception {
    openai.then(FakeProvider.error(500, "{\"error\":{\"message\":\"server error\",\"type\":\"server_error\"}}"))
        .then(FakeProvider.error(503, "{\"error\":{\"message\":\"upstream unavailable\"}}"))
        .then(openai.answer("Tides follow the moon."));

    assertThat(run().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).containsExactly(FailureKind.TRANSIENT, FailureKind.TRANSIENT);
    assertThat(decisions()).containsExactly("Retry writer-a", "Retry writer-a");
    assertThat(success().agentId()).isEqualTo("writer-a");
    assertThat(success().attempt()).isEqualTo(3);
    assertThat(ollama.requests()).isEmpty();
    assertCharged(14, PRICE); // the 500 and 503 cost nothing
  }

  @Test
  void aStreamThatHangsIsCaughtByTheAgentsIdleTimeoutAndTheReplacementContinuesIt() throws Exception {
    openai.then(openai.hangAfter(numbered(1, 6)));
    ollama.then(ollama.answer(numbered(7, 10), "stop"));

    assertThat(run().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).containsExactly(FailureKind.TIMEOUT);
    assertThat(events(Event.AttemptFailed.class).getFirst().message()).contains("stalled");
    assertThat(decisions()).containsExactly("Replace writer-b");
    assertThat(events(Event.AttemptStarted.class).get(1).resumedProgress()).isEqualTo(6);
    assertThat(ollama.bodies().getFirst()).contains("w1 w2 w3 w4 w5 w6", ChatRequests.CONTINUE);
    assertThat(draft().text()).isEqualTo("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10");
    assertThat(draft().metadata()).containsEntry("tokensSaved", "6").containsEntry("agent", "writer-b");
    assertCharged((4 + 6) + (10 + 4), PRICE); // the hung stream: prompt + 6 chunks; the replacement: 10 + 4
  }

  @Test
  void aStreamThatHangsIsCaughtByTheEnginesNoProgressDeadlineWhenThatIsShorter() throws Exception {
    openai.then(openai.hangAfter(numbered(1, 6)));
    ollama.then(ollama.answer(numbered(5, 10), "stop"));

    JobRecord job = run(agentsFile("30s", 4, true), workflow("1s", 2));
    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).containsExactly(FailureKind.TIMEOUT);
    assertThat(events(Event.AttemptFailed.class).getFirst().message()).isEqualTo("no progress for PT1S");
    assertThat(decisions()).containsExactly("Replace writer-b");
    // The cancelled attempt could not save its last two tokens: it resumes from the periodic checkpoint.
    assertThat(ollama.bodies().getFirst()).contains("w1 w2 w3 w4").doesNotContain("w5");
    assertThat(draft().text()).isEqualTo("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10");
    assertCharged((4 + 6) + (10 + 6), PRICE); // the cancelled stream, charged when its late end arrives; then 10 + 6
  }

  /** The engine's deadline caught a hang the agent could not see: that still counts against the endpoint. */
  @Test
  void aHangTheEngineTimesOutCountsAgainstTheProvidersBreaker() throws Exception {
    health = new ProviderHealth(io.lifeline.time.Ticker.system(), java.time.InstantSource.system(),
        new io.lifeline.agents.provider.health.BreakerSettings(/* window= */ 1, /* minimumCalls= */ 1,
            /* failureRate= */ 50f, Duration.ofSeconds(30), /* slowCallRate= */ 100f, Duration.ofSeconds(30), 1));
    openai.then(openai.hangAfter(numbered(1, 6)));
    ollama.then(ollama.answer(numbered(5, 10), "stop"));

    assertThat(run(agentsFile("30s", 4, true), workflow("1s", 2)).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).containsExactly(FailureKind.TIMEOUT);
    // The stopped attempt reports on its own thread, which may still be unwinding when the job is done.
    String hung = hostAndPort(openai) + "/small-model";
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(health.state(hung)).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN));
    assertThat(health.state(hostAndPort(ollama) + "/llama3"))
        .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
  }

  @Test
  void aStreamCutMidwayIsRetriedOnTheSameAgentWhichContinuesIt() throws Exception {
    openai.then(openai.cutAfter(numbered(1, 8), () -> checkpointedTokens() >= 8))
        .then(openai.answer(numbered(9, 10), "stop"));

    assertThat(run().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).containsExactly(FailureKind.TRANSIENT);
    assertThat(decisions()).containsExactly("Retry writer-a");
    assertThat(openai.bodies().get(1)).contains("w1 w2 w3 w4 w5 w6 w7 w8", ChatRequests.CONTINUE);
    assertThat(draft().text()).isEqualTo("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10");
    assertThat(draft().metadata()).containsEntry("tokensSaved", "8");
    assertCharged((4 + 8) + (10 + 2), PRICE); // the cut stream: prompt + 8 chunks; the continuation: 10 + 2
  }

  long checkpointedTokens() {
    return store.checkpoints(JOB, "draft").stream().mapToLong(c -> c.progress()).max().orElse(0);
  }

  @Test
  void anAnswerCutAtTheTokenLimitIsRetriedOnceAndContinued() throws Exception {
    openai.then(openai.answer(numbered(1, 5), "length")).then(openai.answer(numbered(6, 8), "stop"));

    assertThat(run().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).containsExactly(FailureKind.INVALID_OUTPUT);
    assertThat(decisions()).containsExactly("Retry writer-a");
    assertThat(draft().text()).isEqualTo("w1 w2 w3 w4 w5 w6 w7 w8");
    assertCharged((10 + 5) + (10 + 3), PRICE); // both answers as the provider counted them
  }

  @Test
  void aContentFilterFinishIsReplacedByAnotherProviderThatStartsAfresh() throws Exception {
    openai.then(openai.answer(numbered(1, 6), "content_filter"));
    ollama.then(ollama.answer("A calm account of tides."));

    assertThat(run().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).containsExactly(FailureKind.UNSAFE);
    assertThat(decisions()).containsExactly("Replace writer-b");
    assertThat(ollama.bodies().getFirst()).doesNotContain("w1", ChatRequests.CONTINUE);
    assertThat(draft().text()).isEqualTo("A calm account of tides.");
    assertCharged((10 + 6) + (10 + 5), PRICE); // the filtered answer as counted, then 10 + 5 on writer-b
  }

  @Test
  void aContentFilterWithNowhereElseToGoDeadLettersWithTheReason() throws Exception {
    openai.then(openai.answer(numbered(1, 6), "content_filter"));

    JobRecord job = run(agentsFile("1s", 4, false), workflow("3s", 2));
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(decisions()).containsExactly("DeadLetter");
    assertThat(job.reason()).contains("fallback chain exhausted after UNSAFE", "content filter");
    assertCharged(10 + 6, PRICE); // the filtered answer as the provider counted it
  }

  @Test
  void anEmptyAnswerIsRetriedOnceOnTheSameAgent() throws Exception {
    openai.then(openai.answer(List.of(), "stop")).then(openai.answer("Tides follow the moon."));

    assertThat(run().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).containsExactly(FailureKind.INVALID_OUTPUT);
    assertThat(decisions()).containsExactly("Retry writer-a");
    assertThat(success().agentId()).isEqualTo("writer-a");
    assertCharged(10 + 14, PRICE); // the empty answer still read its prompt (10)
  }

  @Test
  void aRefusalGoesToAnotherProviderWhichDoesNotContinueTheRefusal() throws Exception {
    openai.then(openai.answer("I'm sorry, but I can't help with that."));
    ollama.then(ollama.answer("Tides follow the moon."));

    assertThat(run().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).containsExactly(FailureKind.REFUSED);
    assertThat(decisions()).containsExactly("Replace writer-b");
    assertThat(ollama.bodies().getFirst()).doesNotContain("sorry");
    assertThat(draft().text()).isEqualTo("Tides follow the moon.");
    assertCharged((10 + 8) + (10 + 4), PRICE); // the 8-word refusal as counted, then writer-b
  }

  @Test
  void aSlowFirstTokenSucceedsBecauseTheAttemptHeartbeatsWhileItWaits() throws Exception {
    openai.then(openai.slowAnswer("Tides follow the moon.", Duration.ofMillis(2500)));

    // The no-progress deadline (800 ms) is far shorter than the wait for the first token.
    assertThat(run(agentsFile("1s", 4, true), workflow("800ms", 2)).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(failureKinds()).isEmpty();
    assertThat(success().agentId()).isEqualTo("writer-a");
    assertCharged(14, PRICE); // one answer of 4 words
  }

  @Test
  void aRejectedKeyDeadLettersAtOnceAndTheEchoedKeyIsRedacted() throws Exception {
    openai.then(FakeProvider.error(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
        + ".\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));

    JobRecord job = run();
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(failureKinds()).containsExactly(FailureKind.PERMANENT);
    assertThat(decisions()).containsExactly("DeadLetter");
    assertThat(job.reason()).contains("Incorrect API key provided: ***");
    assertThat(ollama.requests()).isEmpty();
    assertCharged(0, 0); // a 401 costs nothing
  }

  /**
   * The figure for issue 4: a provider dies after 120 of a 200-token answer; the replacement
   * continues from the checkpointed prefix and generates 80 tokens, where a restart would generate
   * all 200 again.
   */
  @Test
  void streamingResumeSavesTheTokensOfTheCheckpointedPrefix() throws Exception {
    openai.then(openai.cutAfter(numbered(1, 120), () -> checkpointedTokens() >= 112));
    ollama.then(ollama.answer(numbered(121, 200), "stop"));

    JobRecord job = run(agentsFile("1s", 16, true), workflow("3s", 0));
    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(decisions()).containsExactly("Replace writer-b");
    assertThat(draft().text()).startsWith("w1 w2 ").endsWith(" w199 w200").hasSize(String.join("", numbered(1, 200)).length());

    long saved = Long.parseLong(draft().metadata().get("tokensSaved"));
    long generatedOnResume = Long.parseLong(draft().metadata().get("outputTokens"));
    long firstAttempt = 120;
    long withResume = firstAttempt + generatedOnResume;
    long withRestart = firstAttempt + 200;
    System.out.printf("streaming resume: first attempt died after %d tokens; replacement generated %d "
            + "(saved %d); total output tokens %d with resume vs %d with restart (%.1f%% less)%n",
        firstAttempt, generatedOnResume, saved, withResume, withRestart, 100.0 * (withRestart - withResume) / withRestart);
    assertThat(saved).isBetween(112L, 120L);
    assertThat(generatedOnResume).isEqualTo(80);
    assertThat(withRestart - withResume).isEqualTo(120);
    assertCharged((4 + 120) + (10 + 80), PRICE); // the dead stream: prompt + 120 chunks; the continuation: 10 + 80
  }
}
