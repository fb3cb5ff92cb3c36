package io.lifeline.config;

import io.lifeline.model.Workflow;
import io.lifeline.workflow.InvalidWorkflowException;
import io.lifeline.workflow.WorkflowParser;
import java.nio.file.Path;
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
    return parse(TreeReader.readFile(file), file.toString());
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
    var tree = TreeReader.read(text, sourceName);
    try {
      return WorkflowParser.parse(tree.root());
    } catch (InvalidWorkflowException e) {
      throw tree.locate(e, sourceName);
    }
  }
}
