package io.lifeline.store.jdbc;

import io.lifeline.store.StoreException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps a string map in one TEXT column without a JSON library: the map is written as
 * {@code application/x-www-form-urlencoded} text, {@code k1=v1&k2=v2}, keys sorted, keys and values
 * percent-encoded as UTF-8 (a space becomes {@code +}). Encoded text never contains a raw
 * {@code =} or {@code &}, so any keys and values, empty ones included, survive; the empty map is
 * the empty string.
 */
final class KeyValueText {

  private KeyValueText() {}

  static String encode(Map<String, String> map) {
    var out = new StringBuilder();
    for (var entry : new TreeMap<>(map).entrySet()) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  /** The map {@link #encode} wrote; text it cannot have written is refused as corrupt. */
  static Map<String, String> decode(String text) {
    var map = new HashMap<String, String>();
    if (text.isEmpty()) {
      return map;
    }
    for (String pair : text.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw corrupt(text, "entry '" + pair + "' has no '='");
      }
      String key;
      String value;
      try {
        key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
        value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw corrupt(text, e.getMessage());
      }
      if (map.put(key, value) != null) {
        throw corrupt(text, "key '" + key + "' appears twice");
      }
    }
    return map;
  }

  private static StoreException corrupt(String text, String problem) {
    return new StoreException("corrupt key/value text '" + text + "': " + problem);
  }
}
