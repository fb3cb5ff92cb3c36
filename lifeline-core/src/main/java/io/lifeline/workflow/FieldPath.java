package io.lifeline.workflow;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a value sits in a workflow document, spelled the way users read it:
 * {@code steps[1].timeout}, {@code steps[0].params["max tokens"]}. The root is the empty path.
 *
 * <p>Paths are values: two paths are equal when they spell the same. Loaders use them to map an
 * error back to a line of the file it came from.
 */
public final class FieldPath {

  /** The document as a whole. */
  public static final FieldPath ROOT = new FieldPath(null, "");

  /** Keys that read unambiguously after a dot; anything else is quoted in brackets. */
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private final FieldPath parent;
  private final String text;

  private FieldPath(FieldPath parent, String text) {
    this.parent = parent;
    this.text = text;
  }

  /** The value under {@code key} of the map at this path. */
  public FieldPath key(String key) {
    Objects.requireNonNull(key, "key");
    String segment = PLAIN_KEY.matcher(key).matches()
        ? (isRoot() ? key : "." + key)
        : "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    return new FieldPath(this, text + segment);
  }

  /** The element at {@code index} of the list at this path. */
  public FieldPath index(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    return new FieldPath(this, text + "[" + index + "]");
  }

  /** The path one level up; empty for the root. */
  public Optional<FieldPath> parent() {
    return Optional.ofNullable(parent);
  }

  public boolean isRoot() {
    return parent == null;
  }

  /** The path as users read it, such as {@code steps[1].timeout}; empty for the root. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldPath other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
