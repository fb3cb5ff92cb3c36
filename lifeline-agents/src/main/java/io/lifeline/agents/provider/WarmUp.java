package io.lifeline.agents.provider;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Runs one canned, one-token exchange through LangChain4j for a provider, on the calling thread
 * and without any network, so that its first real call does not pay for initialisation.
 *
 * <p>Why: the first {@code chat()} of a LangChain4j model initialises Jackson and the request and
 * response mappings — over a second on a cold JVM with two cores — and every attempt that starts
 * meanwhile waits for that class initialisation without heartbeating, so a short no-progress
 * deadline would time out healthy attempts. Done when the agents are built, it costs that second
 * once, before any job runs.
 */
final class WarmUp implements HttpClient, HttpClientBuilder {

  private static final String OPENAI_STREAM = "data: {\"id\":\"w\",\"object\":\"chat.completion.chunk\",\"created\":1,"
      + "\"model\":\"w\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w\"},\"finish_reason\":\"stop\"}]}\n\n"
      + "data: [DONE]\n\n";
  private static final String OLLAMA_STREAM = "{\"model\":\"w\",\"created_at\":\"2026-01-01T00:00:00Z\","
      + "\"message\":{\"role\":\"assistant\",\"content\":\"w\"},\"done\":true,\"done_reason\":\"stop\"}\n";

  private final byte[] stream;

  private WarmUp(String stream) {
    this.stream = stream.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Initialises what {@code config}'s provider needs; a text provider only, images need no SDK.
   * Never fails: it is only an optimisation, and a real call reports any real problem.
   */
  static void run(ProviderAgentConfig config) {
    var canned = new WarmUp(config.provider() == ProviderType.OLLAMA ? OLLAMA_STREAM : OPENAI_STREAM);
    try {
      ChatModels.streaming(config, canned, "warm-up").chat(
          ChatRequests.of(config, "warm-up", Map.of("system", "warm-up"), "warm-up", java.util.OptionalLong.empty()), new StreamingChatResponseHandler() {
            @Override
            public void onCompleteResponse(ChatResponse response) {}

            @Override
            public void onError(Throwable error) {}
          });
    } catch (RuntimeException e) {
      // the first real call pays for whatever did not initialise here
    }
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    throw new UnsupportedOperationException("the warm-up only streams");
  }

  @Override
  public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    parser.parse(new ByteArrayInputStream(stream), listener);
    listener.onClose();
  }

  @Override
  public Duration connectTimeout() {
    return null;
  }

  @Override
  public HttpClientBuilder connectTimeout(Duration ignored) {
    return this;
  }

  @Override
  public Duration readTimeout() {
    return null;
  }

  @Override
  public HttpClientBuilder readTimeout(Duration ignored) {
    return this;
  }

  @Override
  public HttpClient build() {
    return this;
  }
}
