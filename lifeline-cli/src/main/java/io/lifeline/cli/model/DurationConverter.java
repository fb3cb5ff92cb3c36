package io.lifeline.cli.model;

import io.lifeline.workflow.Durations;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Reads option values like {@code 4h}, {@code 2m}, {@code 500ms} or ISO-8601 with
 * {@link Durations}. Picocli prefixes the message with the option: {@code Invalid value for
 * option '--mtbf': '4x' is not a duration (use e.g. 500ms, 60s, 5m, 1h)}.
 */
final class DurationConverter {

  private DurationConverter() {}

  /** Zero or more. */
  static final class NotNegative implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** More than zero: an MTBF, a checkpoint cost, an interval. */
  static final class Positive implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parsePositive(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
