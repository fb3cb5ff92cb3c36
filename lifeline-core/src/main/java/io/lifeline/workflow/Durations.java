package io.lifeline.workflow;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in configuration: {@code 500ms}, {@code 60s}, {@code 5m},
 * {@code 1h}, {@code 2d}, combined from the largest unit down ({@code 1h30m}, {@code 1m30s500ms}),
 * or ISO-8601 ({@code PT1M}, {@code PT0.25S}). Units are case-insensitive; whitespace around the
 * text is ignored, inside it is not allowed. Amounts are whole numbers; use a smaller unit or
 * ISO-8601 for fractions.
 *
 * <p>Every method throws {@link IllegalArgumentException} with a message that quotes the text and
 * says what was expected, without a field name: callers that know the field prefix it.
 */
public final class Durations {

  /** Shown after every rejected text, so the user sees the accepted forms without a manual. */
  static final String EXAMPLES = "use e.g. 500ms, 60s, 5m, 1h";

  // One optional group per unit, largest first: "30m1h" and "5m5m" do not match, which catches
  // typos rather than guessing. "5ms" is not read as 5 minutes plus a stray "s" because the
  // seconds group needs digits of its own, so the regex backtracks to the "ms" group.
  private static final Pattern COMPACT = Pattern.compile(
      "(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?", Pattern.CASE_INSENSITIVE);

  private Durations() {}

  /**
   * Parses a duration that may be zero.
   *
   * @throws IllegalArgumentException if {@code text} is not a duration, is negative or overflows
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.strip();
    Duration value = trimmed.startsWith("-") ? negated(trimmed) : unsigned(trimmed, trimmed);
    if (value.isNegative()) {
      throw new IllegalArgumentException("must not be negative, was " + trimmed);
    }
    return value;
  }

  /**
   * Parses a duration that must be greater than zero, such as a timeout.
   *
   * @throws IllegalArgumentException as {@link #parse}, and if the duration is zero
   */
  public static Duration parsePositive(String text) {
    Duration value = parse(text);
    if (value.isZero()) {
      throw new IllegalArgumentException("must be positive, was " + text.strip());
    }
    return value;
  }

  /**
   * The shortest text that {@link #parse} reads back as {@code duration}: {@code 0s}, {@code 500ms},
   * {@code 1h30m}, {@code 2d4h}. Durations with sub-millisecond parts, and negative ones, come out
   * as ISO-8601 ({@code PT0.000001S}, {@code PT-1S}); {@code parse} rejects the negative ones.
   */
  public static String format(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isZero()) {
      return "0s";
    }
    if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
      return duration.toString();
    }
    var out = new StringBuilder();
    append(out, duration.toDays(), "d");
    append(out, duration.toHoursPart(), "h");
    append(out, duration.toMinutesPart(), "m");
    append(out, duration.toSecondsPart(), "s");
    append(out, duration.toMillisPart(), "ms");
    return out.toString();
  }

  private static void append(StringBuilder out, long amount, String unit) {
    if (amount != 0) {
      out.append(amount).append(unit);
    }
  }

  /** "-5s" is read only to say that it is negative; anything else after "-" is not a duration. */
  private static Duration negated(String trimmed) {
    Duration magnitude = unsigned(trimmed.substring(1), trimmed);
    if (magnitude.isZero()) {
      return magnitude;
    }
    throw new IllegalArgumentException("must not be negative, was " + trimmed);
  }

  private static Duration unsigned(String text, String original) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("'" + original + "' is not a duration (" + EXAMPLES + ")");
    }
    if (text.charAt(0) == 'P' || text.charAt(0) == 'p') {
      return iso(text, original);
    }
    Matcher m = COMPACT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + original + "' is not a duration (" + EXAMPLES + ")");
    }
    try {
      return Duration.ofDays(amount(m, 1))
          .plusHours(amount(m, 2))
          .plusMinutes(amount(m, 3))
          .plusSeconds(amount(m, 4))
          .plusMillis(amount(m, 5));
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + original + "' is too large a duration", e);
    }
  }

  private static long amount(Matcher m, int group) {
    String digits = m.group(group);
    return digits == null ? 0 : Long.parseLong(digits);
  }

  private static Duration iso(String text, String original) {
    try {
      return Duration.parse(text.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      String why = e.getCause() instanceof ArithmeticException ? "is too large a duration" : "is not a duration";
      throw new IllegalArgumentException("'" + original + "' " + why + " (" + EXAMPLES + ", or ISO-8601 like PT1M)", e);
    }
  }
}
