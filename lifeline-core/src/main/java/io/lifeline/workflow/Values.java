package io.lifeline.workflow;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The scalar rules of the tree: how a value is described in an error, which numbers count as
 * integers, and how a scalar becomes a parameter string.
 */
final class Values {

  /** Long values are cut in messages; the path already says where the whole value is. */
  private static final int QUOTE_LIMIT = 40;

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private Values() {}

  /** How a value reads in "was …": {@code the string '60x'}, {@code -1}, {@code a list}. */
  static String describe(Object value) {
    return switch (value) {
      case null -> "null";
      case String s -> "the string " + quote(s);
      case Boolean b -> b.toString();
      case Number n -> n.toString();
      case List<?> l -> "a list";
      case Map<?, ?> m -> "a map";
      default -> "a " + value.getClass().getSimpleName();
    };
  }

  static String quote(String text) {
    return "'" + (text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "…" : text) + "'";
  }

  /** The value as a long if it is a whole number in range, whatever type the tree used; else null. */
  static Long exactLong(Object value) {
    return switch (value) {
      case Integer i -> i.longValue();
      case Long l -> l;
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case BigInteger b -> b.bitLength() < 64 ? b.longValue() : null;
      case BigDecimal d -> d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0
          || d.stripTrailingZeros().scale() > 0 ? null : d.longValueExact();
      case Double d -> wholeDouble(d);
      case Float f -> wholeDouble(f.doubleValue());
      case null, default -> null;
    };
  }

  private static Long wholeDouble(double d) {
    // 2^63 itself is not a long; every double below it that is whole is.
    boolean whole = Double.isFinite(d) && d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63;
    return whole ? (long) d : null;
  }

  /** A scalar as a parameter or selector value, or null if it is not a scalar. */
  static String scalarText(Object value) {
    return switch (value) {
      case String s -> s;
      case Boolean b -> b.toString();
      // BigDecimal.toString, not toPlainString: 1E+1000000000 must not become a billion digits.
      case Number n -> n.toString();
      case null, default -> null;
    };
  }
}
