package io.lifeline.agents.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The classification table, answer by answer, as real providers send them. */
class ProviderFailuresTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  static Failure http(int status, String body, String... headers) {
    var map = new java.util.HashMap<String, List<String>>();
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], List.of(headers[i + 1]));
    }
    return ProviderFailures.ofHttp(status, map, body, NOW);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      400 | {"error":{"message":"Invalid 'messages': empty array.","type":"invalid_request_error","param":"messages","code":"empty_array"}} | PERMANENT
      400 | {"error":{"message":"This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.","type":"invalid_request_error","code":"context_length_exceeded"}} | RESOURCE_EXHAUSTED
      400 | {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}} | RESOURCE_EXHAUSTED
      400 | {"error":"the input length exceeds the context length"} | RESOURCE_EXHAUSTED
      400 | {"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","code":"content_filter"}} | UNSAFE
      400 | {"error":{"message":"Your request was rejected as a result of our safety system.","code":"content_policy_violation"}} | UNSAFE
      401 | {"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}} | PERMANENT
      401 | {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}} | PERMANENT
      403 | {"type":"error","error":{"type":"permission_error","message":"Your API key does not have permission"}} | PERMANENT
      404 | {"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","code":"model_not_found"}} | PERMANENT
      404 | {"error":"model \\"llama9\\" not found, try pulling it first"} | PERMANENT
      408 | request timeout | TRANSIENT
      409 | {"error":{"message":"conflict"}} | TRANSIENT
      413 | {"type":"error","error":{"type":"request_too_large","message":"Request exceeds the maximum allowed number of bytes."}} | RESOURCE_EXHAUSTED
      413 | <html>413 Request Entity Too Large</html> | RESOURCE_EXHAUSTED
      422 | {"detail":[{"msg":"field required"}]} | PERMANENT
      425 | too early | TRANSIENT
      429 | {"error":{"message":"Rate limit reached for gpt-4o on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000.","type":"tokens","code":"rate_limit_exceeded"}} | RATE_LIMITED
      429 | {"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","code":"insufficient_quota"}} | RATE_LIMITED
      429 | {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}} | RATE_LIMITED
      429 | too many requests | RATE_LIMITED
      500 | {"error":{"message":"The server had an error while processing your request.","type":"server_error"}} | TRANSIENT
      500 | {"type":"error","error":{"type":"api_error","message":"Internal server error"}} | TRANSIENT
      500 | {"error":"llama runner process has terminated: CUDA error: out of memory"} | RESOURCE_EXHAUSTED
      500 | {"error":"model requires more system memory (12.0 GiB) than is available (7.5 GiB)"} | RESOURCE_EXHAUSTED
      502 | <html>Bad Gateway</html> | TRANSIENT
      503 | {"error":{"message":"upstream unavailable"}} | TRANSIENT
      503 | server busy, please try again.  maximum pending requests exceeded | RATE_LIMITED
      504 | gateway timeout | TRANSIENT
      529 | {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}} | RATE_LIMITED
      418 | I'm a teapot | PERMANENT
      302 | moved | PERMANENT
      """)
  void classifiesHttpAnswers(int status, String body, FailureKind kind) {
    Failure failure = http(status, body);
    assertThat(failure.kind()).isEqualTo(kind);
    assertThat(failure.message()).startsWith("HTTP " + status);
  }

  @Test
  void aRateLimitCarriesTheWaitItsHeadersAskFor() {
    assertThat(http(429, "{}", "Retry-After", "7").retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(http(429, "{}", "retry-after-ms", "1500").retryAfter()).contains(Duration.ofMillis(1500));
    assertThat(http(429, "{}").retryAfter()).isEmpty(); // the coordinator's default applies
  }

  /** A zero wait made the coordinator ask again at once until the job's attempts were spent. */
  @Test
  void aRefusalThatAsksForNoWaitIsAskedAgainAfterASecondNotAtOnce() {
    assertThat(http(429, "{}", "Retry-After", "0").retryAfter()).contains(Duration.ofSeconds(1));
    assertThat(http(429, "{}", "Retry-After", "Wed, 31 Dec 2025 23:59:00 GMT").retryAfter()).contains(Duration.ofSeconds(1));
    assertThat(http(429, "{}", "x-ratelimit-reset-requests", "20ms").retryAfter()).contains(Duration.ofSeconds(1));
    assertThat(http(503, "{}", "Retry-After", "0").retryAfter()).contains(Duration.ofSeconds(1));
  }

  @Test
  void aRedirectIsAWrongBaseUrlNotAPassingFault() {
    var failure = http(301, "moved");
    assertThat(failure.kind()).isEqualTo(io.lifeline.model.FailureKind.PERMANENT);
    assertThat(failure.message()).endsWith("(a redirect, which is not followed: check the agent's baseUrl)");
  }

  @Test
  void aSpentBillingQuotaCoolsTheProviderForHoursUnlessItSaysOtherwise() {
    String body = "{\"error\":{\"message\":\"You exceeded your current quota\",\"code\":\"insufficient_quota\"}}";
    assertThat(http(429, body).retryAfter()).contains(ProviderFailures.QUOTA_EXHAUSTED_WAIT);
    assertThat(http(429, body, "Retry-After", "30").retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void anyStatusKeepsTheWaitItsHeadersAskFor() {
    assertThat(http(503, "maintenance", "Retry-After", "120").retryAfter()).contains(Duration.ofMinutes(2));
  }

  @Test
  void theMessageQuotesTheProvidersMessageAndCodesCutToALine() {
    Failure failure = http(429, "{\"error\":{\"message\":\"slow\\n down " + "x".repeat(500) + "\",\"code\":\"rate_limit_exceeded\"}}");
    assertThat(failure.message()).startsWith("HTTP 429 rate_limit_exceeded: slow down xxx").doesNotContain("\n")
        .hasSizeLessThan(ProviderFailures.MESSAGE_LIMIT + 60);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      connect timeout | TIMEOUT
      read timeout | TIMEOUT
      socket timeout | TIMEOUT
      langchain4j timeout | TIMEOUT
      connection refused | TRANSIENT
      connection reset | TRANSIENT
      unknown host | TRANSIENT
      eof mid-stream | TRANSIENT
      wrapped io | TRANSIENT
      out of memory | RESOURCE_EXHAUSTED
      langchain4j rate limit | RATE_LIMITED
      langchain4j auth | PERMANENT
      langchain4j content filter | UNSAFE
      langchain4j server error | TRANSIENT
      http exception in chain | RATE_LIMITED
      provider http exception in chain | RATE_LIMITED
      agent failure | REFUSED
      illegal argument | PERMANENT
      """)
  void classifiesExceptions(String name, FailureKind kind) {
    Throwable thrown = switch (name) {
      case "connect timeout" -> new HttpConnectTimeoutException("HTTP connect timed out");
      case "read timeout" -> new HttpTimeoutException("request timed out");
      case "socket timeout" -> new UncheckedIOException(new SocketTimeoutException("Read timed out"));
      case "langchain4j timeout" -> new dev.langchain4j.exception.TimeoutException("timed out");
      case "connection refused" -> new CompletionException(new ConnectException("Connection refused"));
      case "connection reset" -> new SocketException("Connection reset");
      case "unknown host" -> new UnknownHostException("api.example");
      case "eof mid-stream" -> new EOFException("EOF reached while reading");
      case "wrapped io" -> new RuntimeException(new IOException("closed"));
      case "out of memory" -> new OutOfMemoryError("Java heap space");
      case "langchain4j rate limit" -> new RateLimitException("slow down");
      case "langchain4j auth" -> new AuthenticationException("bad key");
      case "langchain4j content filter" -> new ContentFilteredException("filtered");
      case "langchain4j server error" -> new InternalServerException("boom");
      case "http exception in chain" -> new RateLimitException(new HttpException(429, "{\"error\":{\"code\":\"rate_limit_exceeded\"}}"));
      case "provider http exception in chain" -> new RuntimeException(
          new ProviderHttpException(429, "{}", Map.of("Retry-After", List.of("3"))));
      case "agent failure" -> new AgentFailureException(FailureKind.REFUSED, "no");
      case "illegal argument" -> new IllegalArgumentException("bad");
      default -> throw new AssertionError(name);
    };
    assertThat(ProviderFailures.ofThrowable(thrown, NOW).kind()).isEqualTo(kind);
  }

  @Test
  void headersTravelWithAnHttpAnswerWrappedInLangChain4jsExceptions() {
    var wrapped = new RateLimitException(new ProviderHttpException(429, "{}", Map.of("retry-after", List.of("3"))));
    assertThat(ProviderFailures.ofThrowable(wrapped, NOW).retryAfter()).contains(Duration.ofSeconds(3));
  }

  @ParameterizedTest(name = "finish {0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      stop | -
      STOP | -
      end_turn | -
      other | -
      length | INVALID_OUTPUT
      LENGTH | INVALID_OUTPUT
      max_tokens | INVALID_OUTPUT
      content_filter | UNSAFE
      CONTENT_FILTER | UNSAFE
      safety | UNSAFE
      refusal | REFUSED
      tool_calls | INVALID_OUTPUT
      TOOL_EXECUTION | INVALID_OUTPUT
      """)
  void classifiesFinishReasons(String reason, String kind) {
    Optional<FailureKind> got = ProviderFailures.ofFinishReason(reason).map(Failure::kind);
    assertThat(got).isEqualTo(kind.equals("-") ? Optional.empty() : Optional.of(FailureKind.valueOf(kind)));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      `` | INVALID_OUTPUT
      `   ` | INVALID_OUTPUT
      I'm sorry, but I can't help with that. | REFUSED
      I’m sorry, but I can’t assist with that request. | REFUSED
      I am sorry, but I cannot write this article. | REFUSED
      I cannot help with that. | REFUSED
      I can't assist with creating that content. | REFUSED
      Sorry, but I won't be able to do that. | REFUSED
      As an AI language model, I cannot produce that. | REFUSED
      Unfortunately, I am unable to continue with this story. | REFUSED
      Tides rise twice a day because the moon pulls the oceans. | -
      I cannot help but notice how the tide pools shimmer at dawn. | -
      "I'm sorry, but I can't stay," she said, and the lighthouse keeper watched her go. | -
      """)
  void classifiesTheTextOfAnAnswer(String text, String kind) {
    Optional<FailureKind> got = ProviderFailures.ofText(text).map(Failure::kind);
    assertThat(got).isEqualTo(kind.equals("-") ? Optional.empty() : Optional.of(FailureKind.valueOf(kind)));
  }

  @Test
  void aLongTextThatOpensApologeticallyIsContentNotARefusal() {
    String story = "I'm sorry, but I can't stop thinking about the sea. " + "The tide came in. ".repeat(100);
    assertThat(ProviderFailures.ofText(story)).isEmpty();
  }
}
