package io.lifeline.agents.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  static Map<String, List<String>> headers(String... pairs) {
    var map = new LinkedHashMap<String, List<String>>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], List.of(pairs[i + 1]));
    }
    return map;
  }

  static Duration waitOf(String... pairs) {
    return RateLimitHeaders.waitFrom(headers(pairs), NOW).orElseThrow();
  }

  @Test
  void retryAfterInSeconds() {
    assertThat(waitOf("Retry-After", "7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(waitOf("retry-after", " 2.5 ")).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void retryAfterAsAnHttpDateInEachOfItsThreeFormats() {
    assertThat(waitOf("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT")).isEqualTo(Duration.ofSeconds(30));
    assertThat(waitOf("Retry-After", "Thursday, 01-Jan-26 00:01:00 GMT")).isEqualTo(Duration.ofMinutes(1));
    assertThat(waitOf("Retry-After", "Thu Jan  1 00:00:05 2026")).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aDateInThePastMeansNoWait() {
    assertThat(waitOf("Retry-After", "Wed, 31 Dec 2025 23:59:00 GMT")).isZero();
  }

  @Test
  void retryAfterMillisecondsWinsOverSeconds() {
    assertThat(waitOf("Retry-After", "2", "retry-after-ms", "1250.5")).isEqualTo(Duration.ofNanos(1_250_500_000));
  }

  @Test
  void openAiResetsAreGoDurationsAndTheExhaustedLimitDecides() {
    assertThat(waitOf("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1m30s",
        "x-ratelimit-remaining-tokens", "5000", "x-ratelimit-reset-tokens", "6m0s"))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(waitOf("x-ratelimit-reset-tokens", "20ms")).isEqualTo(Duration.ofMillis(20));
    assertThat(waitOf("x-ratelimit-reset-requests", "2m3.5s")).isEqualTo(Duration.ofMillis(123_500));
    assertThat(waitOf("x-ratelimit-reset-requests", "0.5h")).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void withoutRemainingCountsTheLongestResetIsTaken() {
    assertThat(waitOf("x-ratelimit-reset-requests", "2s", "x-ratelimit-reset-tokens", "9s"))
        .isEqualTo(Duration.ofSeconds(9));
  }

  @Test
  void anthropicResetsAreInstants() {
    assertThat(waitOf("anthropic-ratelimit-tokens-remaining", "0",
        "anthropic-ratelimit-tokens-reset", "2026-01-01T00:00:42Z",
        "anthropic-ratelimit-requests-reset", "2026-01-01T00:05:00Z"))
        .isEqualTo(Duration.ofSeconds(42));
    assertThat(waitOf("anthropic-ratelimit-output-tokens-reset", "2026-01-01T01:00:00+01:00")).isZero();
  }

  @Test
  void retryAfterWinsOverResets() {
    assertThat(waitOf("x-ratelimit-reset-requests", "1m", "Retry-After", "3")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void absurdWaitsAreCappedAndUnreadableHeadersIgnored() {
    assertThat(waitOf("Retry-After", "999999999")).isEqualTo(RateLimitHeaders.MAX_WAIT);
    assertThat(waitOf("x-ratelimit-reset-requests", "999999h")).isEqualTo(RateLimitHeaders.MAX_WAIT);
    assertThat(RateLimitHeaders.waitFrom(headers("Retry-After", "soon", "x-ratelimit-reset-tokens", "6 minutes"), NOW))
        .isEmpty();
    assertThat(RateLimitHeaders.waitFrom(headers("Retry-After", "-5"), NOW)).isEmpty();
    assertThat(RateLimitHeaders.waitFrom(Map.of(), NOW)).isEmpty();
  }
}
