package io.lifeline.event;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an event as one JSON object: {@code {"type":"AttemptFailed","jobId":…,…}}. Core has no
 * JSON library, and events are flat records of strings, numbers, enums and string maps, so a small
 * writer is all it takes. Readers (the CLI, the dashboard) parse it with a real JSON library.
 */
public final class EventJson {

  private EventJson() {}

  public static String encode(Event event) {
    var out = new StringBuilder(160).append("{\"type\":");
    string(out, event.type());
    for (RecordComponent component : event.getClass().getRecordComponents()) {
      Object value;
      try {
        value = component.getAccessor().invoke(event);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + component.getName() + " of " + event.type(), e);
      }
      out.append(',');
      string(out, component.getName());
      out.append(':');
      value(out, value);
    }
    return out.append('}').toString();
  }

  private static void value(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case Number n when n instanceof Double d && (d.isNaN() || d.isInfinite()) -> out.append("null");
      case Number n -> out.append(n);
      case Boolean b -> out.append(b);
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (var entry : new TreeMap<>(map).entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(out, String.valueOf(entry.getKey()));
          out.append(':');
          value(out, entry.getValue());
        }
        out.append('}');
      }
      default -> string(out, value.toString());
    }
  }

  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
