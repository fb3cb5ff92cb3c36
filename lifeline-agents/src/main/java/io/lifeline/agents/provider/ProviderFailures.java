package io.lifeline.agents.provider;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureClassifier;
import io.lifeline.model.FailureKind;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Classifies what real providers (OpenAI-compatible servers, Ollama, Anthropic) answer into the
 * failure kinds of DESIGN §2, so that the coordinator recovers the cheapest correct way.
 *
 * <h2>HTTP answers ({@link #ofHttp})</h2>
 * The first rule that matches wins, in this order: a known error code in the body, a status that
 * means "slow down", a known message in the body, then the status.
 * <table>
 *   <caption>HTTP status and body → kind</caption>
 *   <tr><th>answer</th><th>kind</th><th>why</th></tr>
 *   <tr><td>code {@code insufficient_quota} (any status)</td><td>RATE_LIMITED, wait = Retry-After or
 *       {@link #QUOTA_EXHAUSTED_WAIT}</td><td>billing quota: another provider can serve now, this one
 *       not for hours; not the agent's fault, so it must not burn the step's retries</td></tr>
 *   <tr><td>codes {@code rate_limit_exceeded}, {@code rate_limit_error}</td><td>RATE_LIMITED</td>
 *       <td>quota per minute</td></tr>
 *   <tr><td>code {@code overloaded_error} (Anthropic 529), status 529, message "overloaded" or
 *       "server busy" (Ollama's full queue)</td><td>RATE_LIMITED</td><td>load shedding by the
 *       provider: like a 429 it says "come back later", and retrying the same provider at once makes
 *       it worse; cool it down and route elsewhere</td></tr>
 *   <tr><td>status 429</td><td>RATE_LIMITED, wait from the headers ({@link RateLimitHeaders})</td>
 *       <td></td></tr>
 *   <tr><td>codes {@code context_length_exceeded}, {@code request_too_large}; status 413; messages
 *       "maximum context length", "prompt is too long", "exceeds the context", "too many tokens"
 *       </td><td>RESOURCE_EXHAUSTED</td><td>the request does not fit this model: a fallback variant
 *       (shorter prompt) or a model with a larger context can serve it, a retry cannot</td></tr>
 *   <tr><td>messages "out of memory", "cudaMalloc failed", "requires more system memory"</td>
 *       <td>RESOURCE_EXHAUSTED</td><td>the model server ran out of (GPU) memory</td></tr>
 *   <tr><td>codes {@code content_filter}, {@code content_policy_violation}; message "content
 *       management policy"</td><td>UNSAFE</td><td>the provider's safety filter refused the prompt</td></tr>
 *   <tr><td>codes {@code invalid_api_key}, {@code authentication_error}, {@code permission_error};
 *       status 401, 403</td><td>PERMANENT</td><td>configuration: no retry fixes a key</td></tr>
 *   <tr><td>codes {@code model_not_found}, {@code not_found_error}; status 404</td><td>PERMANENT</td>
 *       <td>wrong model or URL</td></tr>
 *   <tr><td>status 400, 405, 422 and other 4xx</td><td>PERMANENT</td><td>bad request</td></tr>
 *   <tr><td>3xx</td><td>PERMANENT</td><td>redirects are not followed (a key must not travel): the baseUrl is wrong</td></tr>
 *   <tr><td>status 408, 409, 425</td><td>TRANSIENT</td><td>timeout, conflict, too early: the same
 *       request may pass a moment later</td></tr>
 *   <tr><td>codes {@code server_error}, {@code api_error}; status 5xx; any other status</td>
 *       <td>TRANSIENT</td><td></td></tr>
 * </table>
 * Whatever the kind, a wait the headers ask for goes into {@link Failure#retryAfter()}. An error
 * event inside a 200 stream ({@code data: {"error": {…}}} from an OpenAI-compatible server, a line
 * {@code {"error": "…"}} from Ollama) is classified by the same rules, with its 2xx status: an
 * unknown one is TRANSIENT, like a stream cut short.
 *
 * <h2>Exceptions ({@link #ofThrowable})</h2>
 * An HTTP answer anywhere in the cause chain is classified as above. Otherwise, from the root
 * cause outwards, the first known type decides: timeouts ({@code HttpTimeoutException},
 * {@code SocketTimeoutException}, LangChain4j's {@code TimeoutException}) → TIMEOUT; connection
 * refused or reset, unknown host, any other {@code IOException} → TRANSIENT; {@code OutOfMemoryError}
 * → RESOURCE_EXHAUSTED; LangChain4j's {@code RateLimitException} → RATE_LIMITED,
 * {@code AuthenticationException} and {@code ModelNotFoundException} → PERMANENT,
 * {@code ContentFilteredException} → UNSAFE, {@code InvalidRequestException} → PERMANENT,
 * {@code InternalServerException} → TRANSIENT. The rest goes to core's {@link FailureClassifier}.
 *
 * <h2>Finished answers ({@link #ofFinishReason}, {@link #ofText})</h2>
 * <table>
 *   <caption>finish reason and text → kind</caption>
 *   <tr><th>answer</th><th>kind</th></tr>
 *   <tr><td>finish {@code length} / {@code max_tokens}</td><td>INVALID_OUTPUT (truncated)</td></tr>
 *   <tr><td>finish {@code content_filter} / {@code safety}</td><td>UNSAFE</td></tr>
 *   <tr><td>finish {@code refusal} (Anthropic)</td><td>REFUSED</td></tr>
 *   <tr><td>finish {@code tool_calls} / {@code tool_use} on a text step</td><td>INVALID_OUTPUT</td></tr>
 *   <tr><td>blank text</td><td>INVALID_OUTPUT</td></tr>
 *   <tr><td>text that opens like a refusal ("I'm sorry, but I can't…", "I cannot help with that")
 *       and is short enough to be one</td><td>REFUSED</td></tr>
 * </table>
 *
 * <p>Messages quote the provider's message, cut to {@value #MESSAGE_LIMIT} characters; they are not
 * redacted here (see {@link Secret#redact}).
 */
public final class ProviderFailures {

  /** How long to cool a provider whose billing quota is spent when it does not say: hours, not seconds. */
  public static final Duration QUOTA_EXHAUSTED_WAIT = Duration.ofHours(1);

  static final int MESSAGE_LIMIT = 300;
  /** The shortest wait a refusal's headers can ask for; see {@link #atLeastMinWait}. */
  static final Duration MIN_WAIT = Duration.ofSeconds(1);

  private record CodeRule(Set<String> codes, FailureKind kind) {}

  private record MessageRule(Pattern pattern, FailureKind kind) {}

  private static final String INSUFFICIENT_QUOTA = "insufficient_quota";

  private static final List<CodeRule> CODES = List.of(
      new CodeRule(Set.of(INSUFFICIENT_QUOTA, "rate_limit_exceeded", "rate_limit_error", "overloaded_error"),
          FailureKind.RATE_LIMITED),
      new CodeRule(Set.of("context_length_exceeded", "request_too_large"), FailureKind.RESOURCE_EXHAUSTED),
      new CodeRule(Set.of("content_filter", "content_policy_violation"), FailureKind.UNSAFE),
      new CodeRule(Set.of("invalid_api_key", "authentication_error", "permission_error", "model_not_found",
          "not_found_error"), FailureKind.PERMANENT),
      new CodeRule(Set.of("server_error", "api_error"), FailureKind.TRANSIENT));

  private static final List<MessageRule> MESSAGES = List.of(
      rule("overloaded|server busy", FailureKind.RATE_LIMITED),
      rule("maximum context length|context length|context window|prompt is too long|exceeds the context"
          + "|too many tokens|input is too long", FailureKind.RESOURCE_EXHAUSTED),
      rule("out of memory|cudamalloc failed|requires more system memory|insufficient memory",
          FailureKind.RESOURCE_EXHAUSTED),
      rule("content management policy|content filter", FailureKind.UNSAFE));

  private ProviderFailures() {}

  /**
   * Classifies a non-2xx answer.
   *
   * @param headers response headers, for the wait ({@link RateLimitHeaders})
   * @param body the response body, JSON or text
   * @param now the wall-clock time, to read HTTP-dates against
   */
  public static Failure ofHttp(int status, Map<String, List<String>> headers, String body, Instant now) {
    ErrorBody error = ErrorBody.parse(body);
    Optional<Duration> wait = RateLimitHeaders.waitFrom(headers, now);
    FailureKind kind = kindOf(status, error);
    if (kind == FailureKind.RATE_LIMITED && wait.isEmpty() && error.codes().contains(INSUFFICIENT_QUOTA)) {
      wait = Optional.of(QUOTA_EXHAUSTED_WAIT);
    }
    String code = error.codes().isEmpty() ? "" : " " + String.join("/", error.codes().stream().sorted().toList());
    String what = status >= 200 && status < 300 ? "error event in the HTTP " + status + " stream" : "HTTP " + status;
    String hint = status >= 300 && status < 400 ? " (a redirect, which is not followed: check the agent's baseUrl)" : "";
    return new Failure(kind, what + code + ": " + cut(error.message()) + hint, wait.map(ProviderFailures::atLeastMinWait));
  }

  /**
   * A provider that refuses and asks for no wait (Retry-After: 0, a date already past, a reset
   * due in milliseconds) is asked again after {@link #MIN_WAIT}, not at once: an immediate retry is
   * what rate limiters punish, and a zero wait would spend the job's attempts in a tight loop.
   */
  private static Duration atLeastMinWait(Duration wait) {
    return wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait;
  }

  private static FailureKind kindOf(int status, ErrorBody error) {
    for (var rule : CODES) {
      if (error.codes().stream().anyMatch(rule.codes()::contains)) {
        return rule.kind();
      }
    }
    if (status == 429 || status == 529) {
      return FailureKind.RATE_LIMITED;
    }
    String message = error.message().toLowerCase(Locale.ROOT);
    for (var rule : MESSAGES) {
      if (rule.pattern().matcher(message).find()) {
        return rule.kind();
      }
    }
    return byStatus(status);
  }

  private static FailureKind byStatus(int status) {
    return switch (status) {
      case 408, 409, 425 -> FailureKind.TRANSIENT;
      case 413 -> FailureKind.RESOURCE_EXHAUSTED;
      // A redirect is a wrong baseUrl (redirects are not followed, so a key never goes elsewhere).
      default -> status >= 300 && status < 500 ? FailureKind.PERMANENT : FailureKind.TRANSIENT;
    };
  }

  /**
   * Classifies what a call threw: an HTTP answer anywhere in the cause chain first, then the first
   * known type from the root cause outwards, then core's {@link FailureClassifier}.
   */
  public static Failure ofThrowable(Throwable thrown, Instant now) {
    if (thrown instanceof AgentFailureException known) {
      return known.failure();
    }
    List<Throwable> chain = causes(thrown);
    for (Throwable t : chain) {
      if (t instanceof ProviderHttpException http) {
        return ofHttp(http.statusCode(), http.headers(), http.body(), now);
      }
      if (t instanceof HttpException http) {
        return ofHttp(http.statusCode(), Map.of(), String.valueOf(http.getMessage()), now);
      }
    }
    for (Throwable t : chain.reversed()) {
      Optional<FailureKind> kind = ofType(t);
      if (kind.isPresent()) {
        return Failure.of(kind.get(), describe(t));
      }
    }
    return FailureClassifier.classify(thrown);
  }

  private static Optional<FailureKind> ofType(Throwable t) {
    FailureKind kind = switch (t) {
      case HttpTimeoutException e -> FailureKind.TIMEOUT;
      case SocketTimeoutException e -> FailureKind.TIMEOUT;
      case java.util.concurrent.TimeoutException e -> FailureKind.TIMEOUT;
      case dev.langchain4j.exception.TimeoutException e -> FailureKind.TIMEOUT;
      case IOException e -> FailureKind.TRANSIENT;
      case UnresolvedAddressException e -> FailureKind.TRANSIENT;
      case UnresolvedModelServerException e -> FailureKind.TRANSIENT;
      case InternalServerException e -> FailureKind.TRANSIENT;
      case RateLimitException e -> FailureKind.RATE_LIMITED;
      case AuthenticationException e -> FailureKind.PERMANENT;
      case ModelNotFoundException e -> FailureKind.PERMANENT;
      case ContentFilteredException e -> FailureKind.UNSAFE;
      case InvalidRequestException e -> FailureKind.PERMANENT;
      case OutOfMemoryError e -> FailureKind.RESOURCE_EXHAUSTED;
      default -> null;
    };
    return Optional.ofNullable(kind);
  }

  /**
   * What a finish reason says about a completed answer: nothing for a normal stop. Reasons are
   * matched case-insensitively, in OpenAI's, Ollama's, Anthropic's and LangChain4j's spellings.
   */
  public static Optional<Failure> ofFinishReason(String reason) {
    if (reason == null) {
      return Optional.empty();
    }
    return switch (reason.toLowerCase(Locale.ROOT)) {
      case "length", "max_tokens", "model_length" -> Optional.of(Failure.of(FailureKind.INVALID_OUTPUT,
          "truncated: the answer hit the token limit (finish reason " + reason + ")"));
      case "content_filter", "safety" -> Optional.of(Failure.of(FailureKind.UNSAFE,
          "the provider's content filter stopped the answer (finish reason " + reason + ")"));
      case "refusal" -> Optional.of(Failure.of(FailureKind.REFUSED, "the model refused (finish reason refusal)"));
      case "tool_calls", "function_call", "tool_use", "tool_execution" -> Optional.of(Failure.of(
          FailureKind.INVALID_OUTPUT, "the model called a tool instead of answering (finish reason " + reason + ")"));
      default -> Optional.empty();
    };
  }

  /** What the text of a completed answer says: blank is INVALID_OUTPUT, a refusal is REFUSED. */
  public static Optional<Failure> ofText(String text) {
    if (text.isBlank()) {
      return Optional.of(Failure.of(FailureKind.INVALID_OUTPUT, "empty output"));
    }
    if (io.lifeline.agents.safety.Refusals.isRefusal(text)) {
      return Optional.of(Failure.of(FailureKind.REFUSED, "the model refused: " + cut(text.strip())));
    }
    return Optional.empty();
  }

  private static List<Throwable> causes(Throwable thrown) {
    var chain = new ArrayList<Throwable>();
    var seen = java.util.Collections.newSetFromMap(new IdentityHashMap<Throwable, Boolean>());
    for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static String describe(Throwable t) {
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + cut(t.getMessage()));
  }

  private static String cut(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= MESSAGE_LIMIT ? oneLine : oneLine.substring(0, MESSAGE_LIMIT) + "…";
  }

  private static MessageRule rule(String regex, FailureKind kind) {
    return new MessageRule(Pattern.compile(regex), kind);
  }
}
