package io.lifeline.cli.model;

import java.time.Duration;
import java.util.Locale;

/** Numbers as people read them in the human answers. */
final class Format {

  /** Durations saturate here when an expectation overflows (see CheckpointedWork.expected). */
  private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

  private Format() {}

  /** {@code 734 ms}, {@code 3.00 s}, {@code 31.0 min}, {@code 2.32 h}, {@code 4.1 d}. */
  static String duration(Duration duration) {
    if (duration.equals(FOREVER)) {
      return "practically forever";
    }
    if (duration.isZero()) {
      return "0 s";
    }
    double seconds = seconds(duration);
    if (seconds < 1) {
      return String.format(Locale.ROOT, seconds < 0.01 ? "%.2f ms" : "%.0f ms", seconds * 1e3);
    }
    if (seconds < 100) {
      return String.format(Locale.ROOT, "%.2f s", seconds);
    }
    if (seconds < 100 * 60) {
      return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
    if (seconds < 48 * 3600) {
      return String.format(Locale.ROOT, "%.2f h", seconds / 3600);
    }
    return String.format(Locale.ROOT, "%.1f d", seconds / 86_400);
  }

  /**
   * A probability as a percentage with as many decimals as it takes to show how far it is from
   * 1 ({@code 99.9971%}), or with two significant digits when under 1% ({@code 0.071%}).
   */
  static String probability(double p) {
    if (p == 1 || p == 0) {
      return p == 1 ? "100%" : "0%";
    }
    if (p < 0.01) {
      return String.format(Locale.ROOT, "%.2g%%", p * 100);
    }
    int decimals = Math.min(10, Math.max(1, (int) Math.ceil(-Math.log10(1 - p)) - 1));
    return String.format(Locale.ROOT, "%." + decimals + "f%%", p * 100);
  }

  /** A count or rate: {@code 0.62}, {@code 1.4e-06}, {@code 0}. */
  static String number(double value) {
    if (value == 0) {
      return "0";
    }
    return Math.abs(value) < 0.01
        ? String.format(Locale.ROOT, "%.2g", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  /** Seconds, for JSON: null when saturated, so that JSON readers see no fake number. */
  static Double jsonSeconds(Duration duration) {
    return duration.equals(FOREVER) ? null : seconds(duration);
  }

  static double seconds(Duration duration) {
    return duration.getSeconds() + duration.getNano() / 1e9;
  }
}
