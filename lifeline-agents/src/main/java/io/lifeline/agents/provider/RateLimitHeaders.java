package io.lifeline.agents.provider;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a provider asked us to wait, read from its response headers.
 *
 * <p>In order of precedence (the first one present wins):
 * <ol>
 *   <li>{@code retry-after-ms}: milliseconds, possibly fractional (OpenAI, Azure OpenAI);
 *   <li>{@code Retry-After}: delta-seconds or an HTTP-date in any of RFC 9110's three formats;
 *   <li>the reset headers of the limits that are exhausted, or of all limits if none says which:
 *       {@code x-ratelimit-reset-requests} / {@code -tokens} as Go durations such as {@code 6m0s}
 *       or {@code 20ms} (OpenAI, Groq, many compatible servers), and
 *       {@code anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-reset} as RFC 3339
 *       instants. A limit is exhausted when its {@code …-remaining…} header reads 0. The longest
 *       of those waits is taken: the request cannot go through before every exhausted limit resets.
 * </ol>
 * A time in the past reads as zero. A wait longer than {@link #MAX_WAIT} reads as {@code MAX_WAIT}.
 * Unreadable values are ignored, as if absent: a broken header must not fail the attempt.
 */
public final class RateLimitHeaders {

  /**
   * A provider that asks for more than an hour is down for our purposes; the coordinator asks again
   * after an hour rather than parking a job for a day on one header.
   */
  public static final Duration MAX_WAIT = Duration.ofHours(1);

  private static final List<String> LIMITS = List.of("requests", "tokens", "input-tokens", "output-tokens");
  private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|µs|ns|m|s)");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
  /** RFC 9110 §5.6.7: IMF-fixdate (RFC 1123), the obsolete RFC 850 form, and asctime. */
  private static final List<DateTimeFormatter> HTTP_DATES = List.of(
      DateTimeFormatter.RFC_1123_DATE_TIME,
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.ENGLISH),
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC));

  private RateLimitHeaders() {}

  /**
   * The wait the headers ask for, if any of them does.
   *
   * @param headers response headers; names are matched case-insensitively
   * @param now the wall-clock time, for HTTP-dates and RFC 3339 resets
   */
  public static Optional<Duration> waitFrom(Map<String, List<String>> headers, Instant now) {
    var h = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> {
      if (name != null && values != null && !values.isEmpty()) {
        h.put(name, values);
      }
    });
    return first(h, "retry-after-ms").flatMap(RateLimitHeaders::millis)
        .or(() -> first(h, "retry-after").flatMap(v -> retryAfter(v, now)))
        .or(() -> resets(h, now))
        .map(RateLimitHeaders::clamp);
  }

  private static Optional<Duration> millis(String value) {
    if (!NUMBER.matcher(value).matches()) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.round(Double.parseDouble(value) * 1_000_000)));
  }

  private static Duration seconds(String number) {
    return Duration.ofNanos(Math.round(Double.parseDouble(number) * 1e9));
  }

  private static Optional<Duration> retryAfter(String value, Instant now) {
    if (NUMBER.matcher(value).matches()) {
      return Optional.of(seconds(value));
    }
    for (var format : HTTP_DATES) {
      try {
        return Optional.of(Duration.between(now, ZonedDateTime.parse(value, format).toInstant()));
      } catch (DateTimeException e) {
        // try the next format
      }
    }
    return Optional.empty();
  }

  private static Optional<Duration> resets(Map<String, List<String>> h, Instant now) {
    Optional<Duration> exhausted = Optional.empty();
    Optional<Duration> any = Optional.empty();
    for (String limit : LIMITS) {
      var openAi = first(h, "x-ratelimit-reset-" + limit).flatMap(RateLimitHeaders::goDuration);
      var anthropic = first(h, "anthropic-ratelimit-" + limit + "-reset").flatMap(v -> instant(v, now));
      var reset = longest(openAi, anthropic);
      any = longest(any, reset);
      boolean spent = first(h, "x-ratelimit-remaining-" + limit).filter("0"::equals).isPresent()
          || first(h, "anthropic-ratelimit-" + limit + "-remaining").filter("0"::equals).isPresent();
      if (spent) {
        exhausted = longest(exhausted, reset);
      }
    }
    return exhausted.isPresent() ? exhausted : any;
  }

  /** Go's time.Duration text, which OpenAI uses: {@code 1h2m3.5s}, {@code 6m0s}, {@code 20ms}; a bare number is seconds. */
  static Optional<Duration> goDuration(String value) {
    if (NUMBER.matcher(value).matches()) {
      return Optional.of(seconds(value));
    }
    Matcher m = GO_PART.matcher(value);
    double seconds = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double unit = switch (m.group(2)) {
        case "h" -> 3600;
        case "m" -> 60;
        case "s" -> 1;
        case "ms" -> 1e-3;
        case "us", "µs" -> 1e-6;
        default -> 1e-9;
      };
      seconds += Double.parseDouble(m.group(1)) * unit;
      end = m.end();
    }
    // Math.round saturates, so an absurd value becomes a very long wait (then MAX_WAIT), not a negative one.
    return end == value.length() && end > 0 ? Optional.of(Duration.ofNanos(Math.round(seconds * 1e9))) : Optional.empty();
  }

  private static Optional<Duration> instant(String value, Instant now) {
    try {
      return Optional.of(Duration.between(now, OffsetDateTime.parse(value).toInstant()));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> first(Map<String, List<String>> h, String name) {
    var values = h.get(name);
    return values == null ? Optional.empty() : Optional.ofNullable(values.getFirst()).map(String::strip);
  }

  private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().compareTo(b.get()) >= 0 ? a : b;
  }

  private static Duration clamp(Duration wait) {
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
  }
}
