package io.lifeline.config;

import io.lifeline.model.Workflow;
import io.lifeline.workflow.FieldPath;
import io.lifeline.workflow.InvalidWorkflowException;
import io.lifeline.workflow.WorkflowParser;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Loads workflows from YAML or JSON files, in the schema of {@link WorkflowParser}.
 *
 * <p>A file whose name ends in {@code .json} is read as JSON, any other as YAML. Every problem,
 * including a file that cannot be read, is an {@link InvalidWorkflowException} whose message starts
 * with the file's name and, where it is known, ends with the line and column:
 * {@code article.yaml: steps[1].timeout: '60x' is not a duration (use e.g. 500ms, 60s, 5m, 1h) (line 12, column 5)}.
 * Syntax errors say {@code not valid YAML: …} with the line and column of the problem. Nothing
 * else is thrown for bad input, and loading has no side effects (I8).
 */
public final class WorkflowFiles {

  private WorkflowFiles() {}

  /**
   * Reads and parses one workflow file, as UTF-8.
   *
   * @throws InvalidWorkflowException if the file cannot be read or does not hold a valid workflow;
   *     the message starts with {@code file} as given
   */
  public static Workflow load(Path file) {
    Objects.requireNonNull(file, "file");
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InvalidWorkflowException(FieldPath.ROOT, "cannot be read: " + reason(e), e).at(source, 0, 0);
    }
    return parse(text, source);
  }

  /**
   * Parses one workflow from text.
   *
   * @param text the YAML or JSON document
   * @param sourceName names the text in messages, such as a file name; a name ending in
   *     {@code .json} selects JSON
   * @throws InvalidWorkflowException if the text does not hold a valid workflow
   */
  public static Workflow parse(String text, String sourceName) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sourceName, "sourceName");
    boolean json = sourceName.toLowerCase(Locale.ROOT).endsWith(".json");
    // Editors on Windows may start a file with a byte-order mark; it is not part of the document.
    String document = text.startsWith("\uFEFF") ? text.substring(1) : text;
    var tree = TreeReader.read(document, sourceName, json);
    try {
      return WorkflowParser.parse(tree.root());
    } catch (InvalidWorkflowException e) {
      throw tree.locate(e, sourceName);
    }
  }

  private static String reason(IOException e) {
    return switch (e) {
      case NoSuchFileException x -> "no such file";
      case AccessDeniedException x -> "permission denied";
      case CharacterCodingException x -> "not UTF-8 text";
      default -> e.getClass().getSimpleName() + ": " + e.getMessage();
    };
  }
}
