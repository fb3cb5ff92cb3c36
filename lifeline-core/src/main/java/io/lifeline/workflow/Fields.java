package io.lifeline.workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One map of the tree, read field by field, each error naming the field's path. Construction
 * refuses keys the schema does not know, so that a typo never falls back to a default silently.
 * An explicit {@code null} reads as an absent field.
 */
final class Fields {

  private final FieldPath path;
  private final Map<String, Object> values;

  private Fields(FieldPath path, Map<String, Object> values) {
    this.path = path;
    this.values = values;
  }

  /**
   * Reads {@code node} as a map whose keys are all in {@code known}.
   *
   * @throws InvalidWorkflowException if it is not a map or has a key not in {@code known}
   */
  static Fields of(Object node, FieldPath path, List<String> known) {
    if (!(node instanceof Map<?, ?> map)) {
      String subject = path.isRoot() ? "a workflow " : "";
      throw new InvalidWorkflowException(path, subject + "must be a map with fields "
          + String.join(", ", known) + "; was " + Values.describe(node));
    }
    var values = new LinkedHashMap<String, Object>();
    for (var entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new InvalidWorkflowException(path, "keys must be strings, found " + Values.describe(entry.getKey()));
      }
      if (!known.contains(key)) {
        throw new InvalidWorkflowException(path.key(key), unknownField(key, known));
      }
      values.put(key, entry.getValue());
    }
    return new Fields(path, values);
  }

  private static String unknownField(String key, List<String> known) {
    return Spelling.nearest(key, known)
        .map(near -> "unknown field (did you mean " + near + "?)")
        .orElseGet(() -> "unknown field (known fields: " + String.join(", ", known) + ")");
  }

  FieldPath path() {
    return path;
  }

  FieldPath at(String key) {
    return path.key(key);
  }

  boolean has(String key) {
    return values.get(key) != null;
  }

  /** Whether the field holds a map: the long form of a field that also has a short one, such as {@code hedge}. */
  boolean isMap(String key) {
    return values.get(key) instanceof Map<?, ?>;
  }

  String requiredString(String key) {
    return string(key).orElseThrow(() -> new InvalidWorkflowException(at(key), "is required"));
  }

  Optional<String> string(String key) {
    Object value = values.get(key);
    if (value == null || value instanceof String) {
      return Optional.ofNullable((String) value);
    }
    throw new InvalidWorkflowException(at(key), "must be a string, was " + Values.describe(value));
  }

  /** A duration such as {@code 60s}; {@code positive} refuses zero. */
  Optional<Duration> duration(String key, boolean positive) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text)) {
      String hint = value instanceof Number ? " without a unit" : "";
      throw new InvalidWorkflowException(at(key), "must be a duration (" + Durations.EXAMPLES + "), was "
          + Values.describe(value) + hint);
    }
    try {
      return Optional.of(positive ? Durations.parsePositive(text) : Durations.parse(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidWorkflowException(at(key), e.getMessage(), e);
    }
  }

  /** A whole number in {@code [0, max]}, whatever numeric type the tree used. */
  OptionalInt count(String key, int max) {
    OptionalLong n = integer(key, 0, max);
    return n.isPresent() ? OptionalInt.of((int) n.getAsLong()) : OptionalInt.empty();
  }

  /** A whole number in {@code [min, max]}, whatever numeric type the tree used. */
  OptionalLong integer(String key, long min, long max) {
    Object value = values.get(key);
    if (value == null) {
      return OptionalLong.empty();
    }
    Long n = Values.exactLong(value);
    if (n == null || n < min) {
      throw new InvalidWorkflowException(at(key), "must be an integer >= " + min + ", was " + Values.describe(value));
    }
    if (n > max) {
      throw new InvalidWorkflowException(at(key), "must be at most " + max + ", was " + n);
    }
    return OptionalLong.of(n);
  }

  /** {@code true} or {@code false}; YAML's yes/no/on/off stay strings and are refused here. */
  Optional<Boolean> flag(String key) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Boolean b)) {
      throw new InvalidWorkflowException(at(key), "must be true or false, was " + Values.describe(value));
    }
    return Optional.of(b);
  }

  OptionalDouble number(String key) {
    Object value = values.get(key);
    if (value == null) {
      return OptionalDouble.empty();
    }
    if (!(value instanceof Number n)) {
      throw new InvalidWorkflowException(at(key), "must be a number, was " + Values.describe(value));
    }
    return OptionalDouble.of(n.doubleValue());
  }

  /** A finite number in {@code [min, max]}; an infinite {@code max} sets no upper bound. */
  OptionalDouble number(String key, double min, double max) {
    OptionalDouble n = number(key);
    if (n.isPresent() && !(Double.isFinite(n.getAsDouble()) && n.getAsDouble() >= min && n.getAsDouble() <= max)) {
      String range = Double.isInfinite(max) ? ">= " + plain(min) : "from " + plain(min) + " to " + plain(max);
      throw new InvalidWorkflowException(at(key), "must be a number " + range + ", was " + Values.describe(values.get(key)));
    }
    return n;
  }

  /** {@code 0}, not {@code 0.0}: bounds read as people write them. */
  private static String plain(double bound) {
    return java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
  }

  /** A map of names to scalars; numbers and booleans become their text, as agents take strings. */
  Optional<Map<String, String>> stringMap(String key) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new InvalidWorkflowException(at(key), "must be a map of names to values, was " + Values.describe(value));
    }
    var out = new LinkedHashMap<String, String>();
    for (var entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String name)) {
        throw new InvalidWorkflowException(at(key), "keys must be strings, found " + Values.describe(entry.getKey()));
      }
      String text = Values.scalarText(entry.getValue());
      if (text == null) {
        throw new InvalidWorkflowException(at(key).key(name),
            "must be a string, number or boolean, was " + Values.describe(entry.getValue()));
      }
      out.put(name, text);
    }
    return Optional.of(out);
  }

  /**
   * A list of strings, such as step ids. A single string is read as a list of one, because
   * {@code after: outline} is what people write for one dependency (GitHub Actions' {@code needs}
   * takes the same shorthand).
   */
  Optional<List<String>> strings(String key, String itemName) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String single) {
      return Optional.of(List.of(single));
    }
    if (!(value instanceof List<?> list)) {
      throw new InvalidWorkflowException(at(key), "must be a list of " + itemName + "s, was " + Values.describe(value));
    }
    var out = new ArrayList<String>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String item)) {
        throw new InvalidWorkflowException(at(key).index(i), "must be a " + itemName + ", was " + Values.describe(list.get(i)));
      }
      out.add(item);
    }
    return Optional.of(out);
  }

  Optional<List<?>> list(String key, String itemName) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof List<?> list)) {
      throw new InvalidWorkflowException(at(key), "must be a list of " + itemName + "s, was " + Values.describe(value));
    }
    return Optional.of(list);
  }

  /** A nested map with its own known fields, such as {@code quality}. */
  Optional<Fields> child(String key, List<String> known) {
    Object value = values.get(key);
    return value == null ? Optional.empty() : Optional.of(of(value, at(key), known));
  }
}
