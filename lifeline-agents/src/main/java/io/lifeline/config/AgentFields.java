package io.lifeline.config;

import io.lifeline.workflow.Durations;
import io.lifeline.workflow.FieldPath;
import io.lifeline.workflow.InvalidWorkflowException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One map of an agents file, read field by field; every error names the field's path and, once
 * the agent's id is known, the agent ({@code agent 'writer-a': is required}). Keys the schema does
 * not know are refused with the nearest known one as a suggestion. An explicit {@code null} reads
 * as an absent field.
 */
final class AgentFields {

  private final FieldPath path;
  private final Map<String, Object> values;
  private String owner = "";

  private AgentFields(FieldPath path, Map<String, Object> values) {
    this.path = path;
    this.values = values;
  }

  /**
   * Reads {@code node} as a map whose keys are all in {@code known}.
   *
   * @param what how the map is named in the error if it is not one, e.g. "an agent"
   * @param ownerKey the key whose string value names the map's owner in errors (e.g. "id"), or null
   */
  static AgentFields of(Object node, FieldPath path, List<String> known, String what, String ownerKey) {
    if (!(node instanceof Map<?, ?> map)) {
      throw new InvalidWorkflowException(path, what + " must be a map with fields " + String.join(", ", known)
          + "; was " + describe(node));
    }
    var fields = new AgentFields(path, new LinkedHashMap<>());
    if (ownerKey != null && map.get(ownerKey) instanceof String id && !id.isBlank()) {
      fields.owner(id.strip());
    }
    for (var entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (!known.contains(key)) {
        throw new InvalidWorkflowException(path.key(key), fields.owner + io.lifeline.workflow.Spelling.nearest(key, known)
            .map(near -> "unknown field (did you mean " + near + "?)")
            .orElseGet(() -> "unknown field (known fields: " + String.join(", ", known) + ")"));
      }
      fields.values.put(key, entry.getValue());
    }
    return fields;
  }

  /** Names the agent in every later error of this map. */
  void owner(String agentId) {
    owner = "agent '" + agentId + "': ";
  }

  FieldPath at(String key) {
    return path.key(key);
  }

  boolean has(String key) {
    return values.get(key) != null;
  }

  /** An error about {@code key}, naming the agent. */
  InvalidWorkflowException error(String key, String rule) {
    return new InvalidWorkflowException(at(key), owner + rule);
  }

  /** An error about the map as a whole, naming the agent. */
  InvalidWorkflowException error(String rule) {
    return new InvalidWorkflowException(path, owner + rule);
  }

  String requiredString(String key) {
    return string(key).orElseThrow(() -> error(key, "is required"));
  }

  Optional<String> string(String key) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw error(key, "must be a non-empty string, was " + describe(value));
    }
    return Optional.of(text.strip());
  }

  OptionalInt integer(String key, int min, int max) {
    Object value = values.get(key);
    if (value == null) {
      return OptionalInt.empty();
    }
    Long n = wholeNumber(value);
    if (n == null || n < min || n > max) {
      throw error(key, "must be an integer in [" + min + ", " + max + "], was " + describe(value));
    }
    return OptionalInt.of(n.intValue());
  }

  OptionalDouble number(String key, double min, double max) {
    Object value = values.get(key);
    if (value == null) {
      return OptionalDouble.empty();
    }
    if (!(value instanceof Number n) || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
      throw error(key, "must be a number in [" + min + ", " + max + "], was " + describe(value));
    }
    return OptionalDouble.of(n.doubleValue());
  }

  Optional<Duration> duration(String key) {
    return string(key).map(text -> {
      try {
        return Durations.parsePositive(text);
      } catch (IllegalArgumentException e) {
        throw new InvalidWorkflowException(at(key), owner + e.getMessage(), e);
      }
    });
  }

  /** A list of non-blank strings, stripped; {@code what} says what they are in the error. */
  List<String> stringList(String key, String what) {
    Object value = values.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items)) {
      throw error(key, "must be a list of " + what + ", was " + describe(value));
    }
    var out = new java.util.ArrayList<String>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof String text) || text.isBlank()) {
        throw new InvalidWorkflowException(at(key).index(i), owner + "must be a non-empty string, was " + describe(items.get(i)));
      }
      out.add(text.strip());
    }
    return out;
  }

  /** A map of names to scalars; numbers and booleans become their text. */
  Map<String, String> stringMap(String key) {
    Object value = values.get(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw error(key, "must be a map of names to values, was " + describe(value));
    }
    var out = new LinkedHashMap<String, String>();
    for (var entry : map.entrySet()) {
      String name = String.valueOf(entry.getKey());
      Object item = entry.getValue();
      if (!(item instanceof String || item instanceof Number || item instanceof Boolean)) {
        throw new InvalidWorkflowException(at(key).key(name), owner + "must be a string, number or boolean, was "
            + describe(item));
      }
      out.put(name, item.toString());
    }
    return out;
  }

  /** How a value reads in "was …". */
  static String describe(Object value) {
    return switch (value) {
      case null -> "null";
      case String s -> "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
      case List<?> l -> "a list";
      case Map<?, ?> m -> "a map";
      default -> value.toString();
    };
  }

  private static Long wholeNumber(Object value) {
    return switch (value) {
      case Integer i -> i.longValue();
      case Long l -> l;
      case BigInteger b -> b.bitLength() < 64 ? b.longValue() : null;
      case BigDecimal d -> d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
          ? d.longValue() : null;
      case Double d -> d == Math.rint(d) && Math.abs(d) < 0x1p62 ? d.longValue() : null;
      default -> null;
    };
  }

}
