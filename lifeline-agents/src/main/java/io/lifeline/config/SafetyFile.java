package io.lifeline.config;

import io.lifeline.agents.safety.BlocklistSafetyFilter;
import io.lifeline.workflow.FieldPath;
import io.lifeline.workflow.InvalidWorkflowException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads a content policy for the {@link BlocklistSafetyFilter} from a YAML or JSON file:
 *
 * <pre>{@code
 * blocklist:                 # words or phrases, matched as whole words, any case
 *   - arson
 *   - credit card dump
 * patterns:                  # named regular expressions, any case; reasons quote only the name
 *   card-number: '\b(?:\d[ -]?){13,16}\b'
 * }</pre>
 *
 * Both keys are optional; refusals are always detected. Like {@link AgentsFile}, every problem is
 * an {@link InvalidWorkflowException} naming the file, the field and the line, e.g.
 * {@code safety.yaml: patterns.card-number: not a valid regular expression: … (line 5, column 16)};
 * loading has no side effects.
 */
public final class SafetyFile {

  private static final List<String> FIELDS = List.of("blocklist", "patterns");

  private SafetyFile() {}

  /** Loads {@code file}, as UTF-8. */
  public static BlocklistSafetyFilter load(Path file) {
    Objects.requireNonNull(file, "file");
    return parse(TreeReader.readFile(file), file.toString());
  }

  /**
   * Parses a policy from text.
   *
   * @param sourceName names the text in messages; a name ending in {@code .json} selects JSON
   */
  public static BlocklistSafetyFilter parse(String text, String sourceName) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sourceName, "sourceName");
    var tree = TreeReader.read(text, sourceName);
    try {
      var f = AgentFields.of(tree.root(), FieldPath.ROOT, FIELDS, "a safety policy", null);
      if (!f.has("blocklist") && !f.has("patterns")) {
        throw f.error("must set blocklist or patterns (refusals are detected without a policy)");
      }
      Map<String, String> patterns = f.stringMap("patterns");
      List<String> terms = f.stringList("blocklist", "words or phrases");
      patterns.forEach((name, regex) -> {
        try {
          new BlocklistSafetyFilter(List.of(), Map.of(name, regex));
        } catch (IllegalArgumentException e) {
          throw new InvalidWorkflowException(f.at("patterns").key(name), e.getMessage().replaceFirst("^patterns\\.[^:]*: ", ""));
        }
      });
      return new BlocklistSafetyFilter(terms, patterns);
    } catch (InvalidWorkflowException e) {
      throw tree.locate(e, sourceName);
    }
  }
}
