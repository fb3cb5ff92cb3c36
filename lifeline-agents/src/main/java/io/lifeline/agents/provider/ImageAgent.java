package io.lifeline.agents.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeline.agents.Cancellation;
import io.lifeline.agents.provider.health.Admission;
import io.lifeline.agents.provider.health.ProviderHealth;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * An image agent on any OpenAI-compatible image endpoint: {@code POST {baseUrl}/images/generations}
 * with {@code response_format: b64_json}, over the JDK client (no SDK needed for one call).
 *
 * <p>The size is the step parameter {@code size} ({@code 512x512}), or {@code width} and
 * {@code height}, or the agent's {@code size}, or the provider's default. Image generation is
 * silent for tens of seconds, so the attempt heartbeats while it waits, bounded by {@code timeout};
 * cancellation cancels the exchange. Admission, breaker, cool-down, classification and key
 * redaction are those of {@link StreamingTextAgent}. The answer must be one PNG, JPEG or WebP image,
 * else INVALID_OUTPUT.
 *
 * <p>Output: the image with its media type; metadata {@code agent}, {@code provider}, {@code model},
 * {@code size}, and {@code revisedPrompt} when the provider rewrote the prompt; usage = no tokens,
 * cost = {@code costPerCall}.
 */
public final class ImageAgent implements Agent {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SIZE = Pattern.compile("\\d{1,5}x\\d{1,5}");
  /** How often the wait for the image wakes up to heartbeat and check cancellation. */
  private static final Duration SLICE = Duration.ofMillis(100);

  private final ProviderAgentConfig config;
  private final CallGuard guard;
  private final java.net.http.HttpClient http;

  public ImageAgent(ProviderAgentConfig config, ProviderHealth health, java.net.http.HttpClient http) {
    this.config = Objects.requireNonNull(config, "config")
        .requireProvider(type -> type == ProviderType.OPENAI_IMAGES, "make images");
    this.guard = new CallGuard(config, Objects.requireNonNull(health, "health"));
    this.http = Objects.requireNonNull(http, "http");
  }

  @Override
  public AgentSpec spec() {
    return config.spec();
  }

  @Override
  public Output run(AttemptContext context) throws InterruptedException {
    Admission admission = guard.admit();
    try {
      Optional<String> size = size(context.params());
      HttpResponse<byte[]> response = await(context, http.sendAsync(request(context, size),
          HttpResponse.BodyHandlers.ofByteArray()));
      admission.responded();
      if (response.statusCode() < 200 || response.statusCode() >= 300) {
        throw new AgentFailureException(ProviderFailures.ofHttp(response.statusCode(), response.headers().map(),
            new String(response.body(), StandardCharsets.UTF_8), guard.health().now()));
      }
      Output output = image(response.body(), size);
      admission.finish(Optional.empty());
      return output;
    } catch (InterruptedException | CancellationException e) {
      guard.cancelled(admission, context);
      throw e;
    } catch (Throwable thrown) {
      throw guard.failed(admission, thrown);
    } finally {
      admission.abandon();
    }
  }

  private HttpRequest request(AttemptContext context, Optional<String> size) throws IOException {
    var body = JSON.createObjectNode()
        .put("model", config.model())
        .put("prompt", context.prompt())
        .put("n", 1)
        .put("response_format", "b64_json");
    size.ifPresent(s -> body.put("size", s));
    var builder = HttpRequest.newBuilder(URI.create(config.baseUrl() + "/images/generations"))
        .timeout(config.timeout())
        .header("Content-Type", "application/json")
        .header(ChatModels.IDEMPOTENCY_HEADER, context.idempotencyKey())
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    config.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key.reveal()));
    return builder.build();
  }

  /** Waits for the answer, heartbeating: the call is silent but alive. Cancellation cancels the exchange. */
  private static <T> T await(AttemptContext context, java.util.concurrent.CompletableFuture<T> pending)
      throws InterruptedException, IOException {
    try {
      while (true) {
        Cancellation.check(context);
        context.heartbeat();
        try {
          return pending.get(SLICE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          // not yet: heartbeat and look again
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    } finally {
      pending.cancel(true); // a no-op once it completed; otherwise it aborts the exchange
    }
  }

  private Optional<String> size(Map<String, String> params) {
    String width = params.get("width");
    String height = params.get("height");
    String asked = params.get("size");
    if (asked == null && width != null) {
      asked = width.strip() + "x" + (height == null ? width : height).strip();
    }
    if (asked == null) {
      return config.size();
    }
    if (!SIZE.matcher(asked.strip()).matches()) {
      throw new AgentFailureException(FailureKind.PERMANENT, "step parameter size must look like 1024x1024, was '" + asked + "'");
    }
    return Optional.of(asked.strip());
  }

  private Output image(byte[] body, Optional<String> size) throws IOException {
    JsonNode first = JSON.readTree(body).path("data").path(0);
    String b64 = first.path("b64_json").asText("");
    if (b64.isBlank()) {
      throw new AgentFailureException(FailureKind.INVALID_OUTPUT, "the answer holds no image (data[0].b64_json)");
    }
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new AgentFailureException(FailureKind.INVALID_OUTPUT, "data[0].b64_json is not base64: " + e.getMessage());
    }
    String mediaType = mediaType(bytes).orElseThrow(() -> new AgentFailureException(FailureKind.INVALID_OUTPUT,
        "data[0].b64_json is not a PNG, JPEG or WebP image (" + bytes.length + " bytes)"));
    var metadata = new TreeMap<String, String>(Map.of(
        "agent", config.spec().id(), "provider", config.provider().label(), "model", config.model()));
    size.ifPresent(s -> metadata.put("size", s));
    if (first.hasNonNull("revised_prompt")) {
      metadata.put("revisedPrompt", first.get("revised_prompt").asText());
    }
    return new Output(mediaType, bytes, metadata, new Usage(0, config.spec().costPerCall()));
  }

  /** The image format by its magic bytes. */
  static Optional<String> mediaType(byte[] b) {
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return Optional.of("image/png");
    }
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return Optional.of("image/jpeg");
    }
    if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
        && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return Optional.of("image/webp");
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "ImageAgent[" + config.spec().id() + ", " + config.healthKey() + " at " + config.baseUrl() + "]";
  }
}
