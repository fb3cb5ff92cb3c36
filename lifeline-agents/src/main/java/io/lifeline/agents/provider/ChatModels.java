package io.lifeline.agents.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds LangChain4j's streaming chat model for one attempt. A model per attempt, because its HTTP
 * client is the attempt's ({@link AttemptHttpClient}, to abort it and to read error headers) and its
 * custom headers carry the attempt's idempotency key; building one is cheap next to the call, and
 * the JDK client underneath, with its connection pool, is shared by every attempt of the agent.
 * Request logging stays off: it would print the {@code Authorization} header.
 */
final class ChatModels {

  /** The header that carries {@code jobId/stepId/attempt} to the provider (DESIGN I3). */
  static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private ChatModels() {}

  static StreamingChatModel streaming(ProviderAgentConfig config, HttpClientBuilder http, String idempotencyKey) {
    var headers = new HashMap<String, String>();
    headers.put(IDEMPOTENCY_HEADER, idempotencyKey);
    String baseUrl = config.baseUrl().toString();
    return switch (config.provider()) {
      case OPENAI -> OpenAiStreamingChatModel.builder()
          .httpClientBuilder(http)
          .baseUrl(baseUrl)
          // OpenAI-compatible servers that need no key still get a syntactically valid header.
          .apiKey(config.apiKey().map(Secret::reveal).orElse("none"))
          .modelName(config.model())
          .timeout(config.timeout())
          .customHeaders(Map.copyOf(headers))
          .logRequests(false)
          .logResponses(false)
          .build();
      case OLLAMA -> {
        config.apiKey().ifPresent(key -> headers.put("Authorization", "Bearer " + key.reveal()));
        yield OllamaStreamingChatModel.builder()
            .httpClientBuilder(http)
            .baseUrl(baseUrl)
            .modelName(config.model())
            .timeout(config.timeout())
            .customHeaders(Map.copyOf(headers))
            .logRequests(false)
            .logResponses(false)
            .build();
      }
      case OPENAI_IMAGES -> throw new IllegalArgumentException(
          "agent '" + config.spec().id() + "': provider " + config.provider().label() + " does not chat");
    };
  }
}
