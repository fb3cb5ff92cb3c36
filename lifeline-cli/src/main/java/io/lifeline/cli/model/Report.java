package io.lifeline.cli.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One answer of a {@code lifeline model} command, in both forms: lines for people and fields for
 * {@code --json}. Fields keep their insertion order; keys are snake_case with the unit in the name
 * ({@code interval_seconds}), like the demo's summary.
 */
final class Report {

  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final List<String> lines = new ArrayList<>();

  /** Adds a JSON field; a Duration should be given in seconds, under a {@code _seconds} key. */
  Report put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  /** Adds a line of the human answer, formatted with {@link String#format}. */
  Report line(String format, Object... args) {
    lines.add(String.format(Locale.ROOT, format, args));
    return this;
  }

  Map<String, Object> fields() {
    return fields;
  }

  List<String> lines() {
    return lines;
  }
}
