package io.lifeline.agents.provider;

import io.lifeline.agents.provider.health.Admission;
import io.lifeline.agents.provider.health.ProviderHealth;
import io.lifeline.checkpoint.RestoredState;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;

/**
 * A text agent on a real model, streaming through LangChain4j: any OpenAI-compatible
 * chat-completions endpoint, or Ollama.
 *
 * <p>One attempt:
 * <ol>
 *   <li>asks {@link ProviderHealth} for admission: a provider cooling down after a 429, or a
 *       model whose breaker is open, fails the attempt at once without a call;
 *   <li>sends the step's prompt, or — when the step has a checkpoint — the checkpointed text with
 *       a request to continue it ({@link ChatRequests}), with the header
 *       {@code Idempotency-Key: jobId/stepId/attempt};
 *   <li>reads the stream ({@link StreamReader}): progress per token, checkpoints of the text,
 *       timeouts for a missing first token and for a stall;
 *   <li>judges the answer: finish reason, empty text, refusal ({@link ProviderFailures});
 *   <li>reports the outcome to the breaker and, for a 429, cools the provider down for every agent
 *       of the same provider.
 * </ol>
 * Failures are thrown as {@link AgentFailureException} with the kind already decided and every
 * message scrubbed of the API key. Cancellation (an interrupt, or the context turning cancelled)
 * aborts the HTTP exchange and rethrows.
 *
 * <p>Output: {@code text/markdown}; usage = the provider's token counts when it reports them (else
 * about four characters a token for the prompt and one a streamed chunk), cost = {@code costPerCall + costPerToken × tokens}; metadata
 * {@code agent}, {@code provider}, {@code model}, {@code finishReason}, {@code outputTokens} (this
 * attempt's), {@code resumedFromTokens} and {@code tokensSaved} (the checkpointed prefix it did not
 * generate again). Progress is counted in streamed chunks, which are about one token each.
 * Thread-safe: attempts share only the JDK client and the health registry.
 */
public final class StreamingTextAgent implements Agent {


  private final ProviderAgentConfig config;
  private final CallGuard guard;
  private final java.net.http.HttpClient http;

  /**
   * @param http the JDK client every attempt of this agent sends through (its connection pool)
   */
  public StreamingTextAgent(ProviderAgentConfig config, ProviderHealth health, java.net.http.HttpClient http) {
    this.config = Objects.requireNonNull(config, "config").requireProvider(ProviderType::streamsText, "stream text");
    this.guard = new CallGuard(config, Objects.requireNonNull(health, "health"));
    this.http = Objects.requireNonNull(http, "http");
  }

  @Override
  public AgentSpec spec() {
    return config.spec();
  }

  @Override
  public Output run(AttemptContext context) throws InterruptedException {
    Optional<RestoredState> restored = context.resumeFrom();
    String prefix = restored.map(r -> new String(r.concatenated(), StandardCharsets.UTF_8)).orElse("");
    long prefixTokens = restored.map(RestoredState::progress).orElse(0L);
    Admission admission = guard.admit();
    var stream = new TokenStream();
    var exchange = new AttemptHttpClient(http, config.timeout(), stream::ended, "stream-" + context.idempotencyKey());
    try {
      var request = ChatRequests.of(config, context.prompt(), context.params(), prefix, context.tokensLeft());
      ChatModels.streaming(config, exchange, context.idempotencyKey()).chat(request, stream);
      var reader = new StreamReader(context, config, stream, admission, guard.health()::now, prefix, prefixTokens);
      var answer = reader.read();
      admission.finish(Optional.empty());
      return output(answer, reader.usage(answer.tokens()), prefixTokens);
    } catch (InterruptedException | CancellationException e) {
      guard.cancelled(admission, context);
      throw e;
    } catch (Throwable thrown) {
      throw guard.failed(admission, thrown);
    } finally {
      admission.abandon(); // a no-op once finished: only a cancelled call tells the breaker nothing
      exchange.abort(); // frees the connection however the attempt ended
    }
  }

  private Output output(StreamReader.Answer answer, Usage usage, long prefixTokens) {
    var metadata = new TreeMap<String, String>(Map.of(
        "agent", config.spec().id(),
        "provider", config.provider().label(),
        "model", config.model(),
        "outputTokens", Long.toString(answer.outputTokens()),
        "resumedFromTokens", Long.toString(prefixTokens),
        "tokensSaved", Long.toString(prefixTokens)));
    Optional.ofNullable(answer.response().finishReason())
        .ifPresent(reason -> metadata.put("finishReason", reason.name().toLowerCase(java.util.Locale.ROOT)));
    return new Output("text/markdown", answer.text().getBytes(StandardCharsets.UTF_8), metadata, usage);
  }

  @Override
  public String toString() {
    return "StreamingTextAgent[" + config.spec().id() + ", " + config.healthKey() + " at " + config.baseUrl() + "]";
  }
}
