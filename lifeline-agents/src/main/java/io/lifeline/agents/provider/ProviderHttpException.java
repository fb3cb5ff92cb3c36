package io.lifeline.agents.provider;

import dev.langchain4j.exception.HttpException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A provider answered with a status outside 2xx. Unlike LangChain4j's {@link HttpException}, which
 * carries only the status and the body, it keeps the response headers, where the provider says how
 * long to wait ({@code Retry-After}, the rate-limit resets). Its message is the body: classify it
 * with {@link ProviderFailures}, which redacts nothing itself — agents pass every message through
 * their {@link Secret} before it leaves them.
 */
public final class ProviderHttpException extends HttpException {

  private final transient Map<String, List<String>> headers;

  /**
   * @param headers names are matched case-insensitively
   */
  public ProviderHttpException(int statusCode, String body, Map<String, List<String>> headers) {
    super(statusCode, body);
    var copy = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    this.headers = java.util.Collections.unmodifiableMap(copy);
  }

  public Map<String, List<String>> headers() {
    return headers;
  }

  public String body() {
    return getMessage();
  }
}
