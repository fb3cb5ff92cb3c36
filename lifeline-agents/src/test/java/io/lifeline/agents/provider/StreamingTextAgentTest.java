package io.lifeline.agents.provider;

import static io.lifeline.agents.provider.FakeProvider.numbered;
import static io.lifeline.agents.provider.FakeProvider.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeline.agents.FakeAttemptContext;
import io.lifeline.agents.provider.health.BreakerSettings;
import io.lifeline.agents.provider.health.ProviderHealth;
import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.checkpoint.RestoredState;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.time.Ticker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One attempt at a time against fake OpenAI-compatible and Ollama servers on loopback. */
@Timeout(20)
class StreamingTextAgentTest {

  static final String KEY = "sk-test-4f1c9a7e";
  static final String ANSWER = "The tide comes in twice a day because the moon pulls the sea";

  final ProviderHealth health = new ProviderHealth(Ticker.system(), InstantSource.system(),
      new BreakerSettings(2, 2, 50f, Duration.ofSeconds(30), 100f, Duration.ofSeconds(30), 1));
  final ProviderAgents agents = new ProviderAgents(health);
  FakeProvider provider;

  @AfterEach
  void close() {
    agents.close();
    if (provider != null) {
      provider.close();
    }
  }

  FakeProvider start(ProviderType type) {
    provider = type == ProviderType.OPENAI ? FakeProvider.openAi() : FakeProvider.ollama();
    return provider;
  }

  Agent agent(String id, ProviderType type, Duration timeout, Duration idle) {
    var spec = new AgentSpec(id, "text", Map.of("provider", type.label(), "model", "m"), 0.5, 2);
    return agents.create(new ProviderAgentConfig(spec, type, URI.create(provider.baseUrl()), "m",
        Optional.of(Secret.of(KEY)), 0.001, timeout, idle, OptionalInt.of(256), OptionalDouble.of(0.2),
        Optional.empty(), OptionalInt.of(4)));
  }

  /** A 1 s idle timeout: long enough that a busy machine's pauses never look like a stall. */
  Agent agent(ProviderType type) {
    return agent("writer", type, Duration.ofSeconds(5), Duration.ofSeconds(1));
  }

  static FakeAttemptContext context() {
    return new FakeAttemptContext().prompt("Why are there tides?");
  }

  static Failure failureOf(Agent agent, FakeAttemptContext context) {
    return catchThrowableOfType(AgentFailureException.class, () -> agent.run(context)).failure();
  }

  static String restoredText(FakeAttemptContext context) {
    return context.restored().map(r -> new String(r.concatenated(), StandardCharsets.UTF_8)).orElse("");
  }

  @ParameterizedTest
  @EnumSource(value = ProviderType.class, names = {"OPENAI", "OLLAMA"})
  void streamsAnAnswerWithProgressCheckpointsUsageAndTheIdempotencyKey(ProviderType type) throws Exception {
    start(type).then(provider.answer(ANSWER));
    var context = context();
    Output output = agent(type).run(context);

    assertThat(output.text()).isEqualTo(ANSWER);
    assertThat(output.mediaType()).isEqualTo("text/markdown");
    assertThat(output.metadata()).containsEntry("finishReason", "stop").containsEntry("provider", type.label())
        .containsEntry("model", "m").containsEntry("outputTokens", "13").containsEntry("tokensSaved", "0");
    assertThat(output.usage().tokens()).isEqualTo(10 + 13); // as the provider reported them
    assertThat(output.usage().cost()).isCloseTo(0.5 + 0.001 * 23, org.assertj.core.data.Offset.offset(1e-9));
    // A checkpoint every 4 tokens: FULL first, then DELTAs, progress in tokens.
    assertThat(context.checkpoints()).extracting(c -> c.kind()).containsExactly(
        CheckpointKind.FULL, CheckpointKind.DELTA, CheckpointKind.DELTA);
    assertThat(context.checkpoints()).extracting(c -> c.progress()).containsExactly(4L, 8L, 12L);
    assertThat(context.heartbeats()).isGreaterThanOrEqualTo(13);

    var request = provider.requests().getFirst();
    assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo("job-1/draft/1");
    if (type == ProviderType.OPENAI) {
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
      assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
      assertThat(provider.bodies().getFirst()).contains("\"stream\" : true", "\"max_tokens\" : 256", "\"temperature\" : 0.2");
    } else {
      assertThat(request.getUrl().encodedPath()).isEqualTo("/api/chat");
      assertThat(provider.bodies().getFirst()).contains("\"stream\" : true", "\"num_predict\" : 256");
    }
  }

  @Test
  void a429WithRetryAfterSecondsCoolsEveryAgentOfTheProviderWithoutCallingIt() {
    start(ProviderType.OPENAI).then(FakeProvider.error(429,
        "{\"error\":{\"message\":\"Rate limit reached\",\"code\":\"rate_limit_exceeded\"}}", "Retry-After", "20"));
    Failure failure = failureOf(agent(ProviderType.OPENAI), context());
    assertThat(failure.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(20));

    Failure fast = failureOf(agent("writer-2", ProviderType.OPENAI, Duration.ofSeconds(2), Duration.ofSeconds(1)), context());
    assertThat(fast.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(fast.retryAfter().orElseThrow()).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(20));
    assertThat(provider.requests()).hasSize(1);
  }

  @Test
  void a429WithAnHttpDateWaitsUntilThatDate() {
    String inNinetySeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
        .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(90));
    start(ProviderType.OLLAMA).then(FakeProvider.error(429, "{\"error\":\"too many requests\"}", "Retry-After", inNinetySeconds));
    Failure failure = failureOf(agent(ProviderType.OLLAMA), context());
    assertThat(failure.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(failure.retryAfter().orElseThrow()).isBetween(Duration.ofSeconds(85), Duration.ofSeconds(90));
  }

  @ParameterizedTest
  @EnumSource(value = ProviderType.class, names = {"OPENAI", "OLLAMA"})
  void serverErrorsAreTransientAndABurstOpensTheBreakerSoTheNextCallFailsFast(ProviderType type) {
    start(type).then(FakeProvider.error(500, "{\"error\":\"boom\"}")).then(FakeProvider.error(503, "unavailable"));
    var agent = agent(type);
    assertThat(failureOf(agent, context()).kind()).isEqualTo(FailureKind.TRANSIENT);
    assertThat(failureOf(agent, context()).kind()).isEqualTo(FailureKind.TRANSIENT);

    Failure fast = failureOf(agent, context());
    assertThat(fast.kind()).isEqualTo(FailureKind.TRANSIENT);
    assertThat(fast.message()).contains("circuit breaker of " + type.label() + "/m is OPEN", "not called");
    assertThat(fast.retryAfter()).isPresent();
    assertThat(provider.requests()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(value = ProviderType.class, names = {"OPENAI", "OLLAMA"})
  void aStreamThatHangsMidwayTimesOutAndKeepsEveryTokenItGot(ProviderType type) {
    start(type).then(provider.hangAfter(numbered(1, 6)));
    var context = context();
    Failure failure = failureOf(agent(type), context);
    assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(failure.message()).contains("stalled", "after 6 tokens");
    assertThat(restoredText(context)).isEqualTo("w1 w2 w3 w4 w5 w6");
    assertThat(context.restored().orElseThrow().progress()).isEqualTo(6);
  }

  @Test
  void aProviderThatNeverSendsAFirstTokenTimesOut() {
    start(ProviderType.OPENAI).then(provider.hangAfter(List.of()));
    var agent = agent("writer", ProviderType.OPENAI, Duration.ofMillis(400), Duration.ofSeconds(30));
    var context = context();
    Failure failure = failureOf(agent, context);
    assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(failure.message()).contains("no first token within PT0.4S");
    assertThat(context.heartbeats()).isGreaterThan(0); // it was alive while it waited
  }

  @ParameterizedTest
  @EnumSource(value = ProviderType.class, names = {"OPENAI", "OLLAMA"})
  void aSlowFirstTokenStillSucceedsAndTheAttemptHeartbeatsWhileItWaits(ProviderType type) throws Exception {
    start(type).then(provider.slowAnswer(ANSWER, Duration.ofMillis(1500)));
    var context = context();
    // The idle timeout (1 s) only applies between tokens; the first one has the whole timeout.
    assertThat(agent(type).run(context).text()).isEqualTo(ANSWER);
    assertThat(context.heartbeats()).isGreaterThan(13 + 10); // a heartbeat per 50 ms of waiting, then one per token
  }

  @ParameterizedTest
  @EnumSource(value = ProviderType.class, names = {"OPENAI", "OLLAMA"})
  void aStreamCutMidwayIsTransientAndKeepsEveryTokenItGot(ProviderType type) {
    var context = context();
    start(type).then(provider.cutAfter(numbered(1, 8), () -> context.checkpoints().size() == 2));
    Failure failure = failureOf(agent(type), context);
    assertThat(failure.kind()).isEqualTo(FailureKind.TRANSIENT);
    assertThat(failure.message()).contains("EOF");
    assertThat(restoredText(context)).isEqualTo("w1 w2 w3 w4 w5 w6 w7 w8");
  }

  @ParameterizedTest
  @EnumSource(value = ProviderType.class, names = {"OPENAI", "OLLAMA"})
  void aStreamThatEndsWithoutItsClosingEventIsTransient(ProviderType type) {
    start(type).then(provider.endAfter(numbered(1, 5)));
    Failure failure = failureOf(agent(type), context());
    assertThat(failure.kind()).isEqualTo(FailureKind.TRANSIENT);
    assertThat(failure.message()).contains("after 5 tokens");
  }

  @ParameterizedTest
  @EnumSource(value = ProviderType.class, names = {"OPENAI", "OLLAMA"})
  void anAnswerCutAtTheTokenLimitIsInvalidAndItsTextIsKeptForTheNextAttempt(ProviderType type) {
    start(type).then(provider.answer(numbered(1, 5), "length"));
    var context = context();
    Failure failure = failureOf(agent(type), context);
    assertThat(failure.kind()).isEqualTo(FailureKind.INVALID_OUTPUT);
    assertThat(failure.message()).contains("truncated");
    assertThat(restoredText(context)).isEqualTo("w1 w2 w3 w4 w5");
  }

  @Test
  void aContentFilterFinishIsUnsafeAndItsTextIsNotKept() {
    start(ProviderType.OPENAI).then(provider.answer(numbered(1, 6), "content_filter"));
    var context = context();
    assertThat(failureOf(agent(ProviderType.OPENAI), context).kind()).isEqualTo(FailureKind.UNSAFE);
    assertThat(restoredText(context)).isEmpty(); // the replacement starts afresh
    assertThat(context.restored().orElseThrow().progress()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = ProviderType.class, names = {"OPENAI", "OLLAMA"})
  void anEmptyAnswerIsInvalid(ProviderType type) {
    start(type).then(provider.answer(List.of(), "stop"));
    Failure failure = failureOf(agent(type), context());
    assertThat(failure.kind()).isEqualTo(FailureKind.INVALID_OUTPUT);
    assertThat(failure.message()).isEqualTo("empty output");
  }

  @ParameterizedTest
  @EnumSource(value = ProviderType.class, names = {"OPENAI", "OLLAMA"})
  void aRefusalIsRefused(ProviderType type) {
    start(type).then(provider.answer("I'm sorry, but I can't help with that."));
    var context = context();
    assertThat(failureOf(agent(type), context).kind()).isEqualTo(FailureKind.REFUSED);
    // The periodic checkpoints held the refusal; the step's text is emptied so nobody continues it.
    assertThat(context.checkpoints()).hasSizeGreaterThan(1);
    assertThat(restoredText(context)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = ProviderType.class, names = {"OPENAI", "OLLAMA"})
  void aResumedAttemptAsksToContinueTheCheckpointedTextAndCountsTheTokensItSaved(ProviderType type) throws Exception {
    start(type).then(provider.answer(numbered(8, 10), "stop"));
    byte[] full = "w1 w2 w3 w4".getBytes(StandardCharsets.UTF_8);
    byte[] delta = " w5 w6 w7".getBytes(StandardCharsets.UTF_8);
    var context = context().ids("job-1", "draft", 2).resumeFrom(new RestoredState(full, List.of(delta), 2, 7));

    Output output = agent(type).run(context);

    assertThat(output.text()).isEqualTo("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10");
    assertThat(output.metadata()).containsEntry("tokensSaved", "7").containsEntry("resumedFromTokens", "7")
        .containsEntry("outputTokens", "3");
    String body = provider.bodies().getFirst();
    assertThat(body).contains("Why are there tides?", "w1 w2 w3 w4 w5 w6 w7", ChatRequests.CONTINUE);
    assertThat(body.indexOf("w1 w2 w3 w4 w5 w6 w7")).isLessThan(body.indexOf(ChatRequests.CONTINUE));
    // Only DELTAs on top of the restored base, progress counted from the prefix on.
    assertThat(context.checkpoints()).allSatisfy(c -> assertThat(c.kind()).isEqualTo(CheckpointKind.DELTA));
    assertThat(provider.requests().getFirst().getHeaders().get("Idempotency-Key")).isEqualTo("job-1/draft/2");
  }

  @Test
  void aContinuationThatAddsNothingAcceptsThePrefixAsTheWholeAnswer() throws Exception {
    start(ProviderType.OPENAI).then(provider.answer(List.of(), "stop"));
    var context = context().resumeFrom(new RestoredState("All done.".getBytes(StandardCharsets.UTF_8), List.of(), 1, 3));
    assertThat(agent(ProviderType.OPENAI).run(context).text()).isEqualTo("All done.");
  }

  @Test
  void aContinuationThatRefusesIsRefused() {
    start(ProviderType.OPENAI).then(provider.answer("I cannot continue this story."));
    var context = context().resumeFrom(new RestoredState("Once upon a time".getBytes(StandardCharsets.UTF_8), List.of(), 1, 4));
    assertThat(failureOf(agent(ProviderType.OPENAI), context).kind()).isEqualTo(FailureKind.REFUSED);
  }

  @Test
  void cancellationStopsTheAttemptAtOnceAndTellsTheBreakerNothing() {
    start(ProviderType.OPENAI).then(provider.hangAfter(numbered(1, 3)));
    var agent = agent("writer", ProviderType.OPENAI, Duration.ofSeconds(30), Duration.ofSeconds(30));
    var context = context().cancelAfterHeartbeats(3);
    assertThatThrownBy(() -> agent.run(context)).isInstanceOf(CancellationException.class);
    assertThat(health.state("openai/m")).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
  }

  @Test
  void aKeyThatTheProviderEchoesIsRedactedEverywhere() {
    start(ProviderType.OPENAI).then(FakeProvider.error(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
        + KEY + ". You can find your API key at https://platform.openai.com\",\"code\":\"invalid_api_key\"}}"));
    var thrown = catchThrowableOfType(AgentFailureException.class, () -> agent(ProviderType.OPENAI).run(context()));
    assertThat(thrown.failure().kind()).isEqualTo(FailureKind.PERMANENT);
    assertThat(thrown.failure().message()).contains("Incorrect API key provided: ***").doesNotContain(KEY);
    assertThat(thrown.getMessage()).doesNotContain(KEY);
    assertThat(thrown.toString()).doesNotContain(KEY);
    assertThat(thrown.getCause()).isNull();
    assertThat(agent(ProviderType.OPENAI).toString()).doesNotContain(KEY);
  }

  @Test
  void stepParametersOverrideTheAgentsDefaultsAndBadOnesArePermanent() throws Exception {
    start(ProviderType.OPENAI).then(provider.answer(ANSWER));
    var context = context().param("maxTokens", "64").param("temperature", "1.5").param("system", "Be brief.");
    agent(ProviderType.OPENAI).run(context);
    assertThat(provider.bodies().getFirst()).contains("\"max_tokens\" : 64", "\"temperature\" : 1.5", "Be brief.");

    var bad = context().param("maxTokens", "lots");
    assertThat(failureOf(agent(ProviderType.OPENAI), bad).kind()).isEqualTo(FailureKind.PERMANENT);
  }
}
