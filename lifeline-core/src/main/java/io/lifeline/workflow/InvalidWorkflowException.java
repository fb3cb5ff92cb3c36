package io.lifeline.workflow;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A workflow definition was refused (I8). The message reads
 * {@code [source: ][path: ]rule[ (line L, column C)]}, for example
 * {@code article.yaml: steps[1].timeout: '60x' is not a duration (use e.g. 500ms, 60s, 5m, 1h) (line 9, column 5)};
 * the parts are also available one by one, so that an API can report them as fields.
 *
 * <p>This is the only exception that parsing or loading a workflow throws for bad input.
 */
public final class InvalidWorkflowException extends IllegalArgumentException {

  private final FieldPath path;
  private final String rule;
  private final String source;
  private final int line;
  private final int column;

  /**
   * @param path where the offending value is ({@link FieldPath#ROOT} for the document as a whole)
   * @param rule what is wrong, naming the offending value, e.g. {@code must be an integer >= 0, was -1}
   */
  public InvalidWorkflowException(FieldPath path, String rule) {
    this(path, rule, null, null, 0, 0);
  }

  public InvalidWorkflowException(FieldPath path, String rule, Throwable cause) {
    this(path, rule, cause, null, 0, 0);
  }

  private InvalidWorkflowException(
      FieldPath path, String rule, Throwable cause, String source, int line, int column) {
    super(message(path, rule, source, line, column), cause);
    this.path = Objects.requireNonNull(path, "path");
    this.rule = Objects.requireNonNull(rule, "rule");
    this.source = source;
    this.line = line;
    this.column = column;
  }

  /**
   * The same error, told where it was read from.
   *
   * @param source a file name or other label shown first in the message
   * @param line 1-based, or 0 if unknown
   * @param column 1-based, or 0 if unknown
   */
  public InvalidWorkflowException at(String source, int line, int column) {
    Objects.requireNonNull(source, "source");
    return new InvalidWorkflowException(path, rule, getCause(), source, line, column);
  }

  public FieldPath path() {
    return path;
  }

  public String rule() {
    return rule;
  }

  public Optional<String> source() {
    return Optional.ofNullable(source);
  }

  public OptionalInt line() {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }

  public OptionalInt column() {
    return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
  }

  private static String message(FieldPath path, String rule, String source, int line, int column) {
    var sb = new StringBuilder();
    if (source != null) {
      sb.append(source).append(": ");
    }
    if (path != null && !path.isRoot()) {
      sb.append(path).append(": ");
    }
    sb.append(rule);
    if (line > 0) {
      sb.append(" (line ").append(line);
      if (column > 0) {
        sb.append(", column ").append(column);
      }
      sb.append(')');
    }
    return sb.toString();
  }
}
