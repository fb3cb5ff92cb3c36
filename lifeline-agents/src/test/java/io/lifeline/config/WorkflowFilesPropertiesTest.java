package io.lifeline.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.workflow.InvalidWorkflowException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Whatever the text, loading returns a workflow or throws the one exception, naming the source (I8). */
class WorkflowFilesPropertiesTest {

  /** Characters that matter to YAML or JSON syntax, and some that matter to the schema. */
  private static final String SYNTAX = " \t\n:-[]{},\"'&*!#|>?%@`\\0123456789smh{}";

  @Property(tries = 1000)
  void editedYamlLoadsOrIsRefusedCleanly(@ForAll("editedYaml") String text) {
    Statistics.label("outcome").collect(outcome(text, "article.yaml"));
  }

  @Property(tries = 1000)
  void editedJsonLoadsOrIsRefusedCleanly(@ForAll("editedJson") String text) {
    Statistics.label("outcome").collect(outcome(text, "article.json"));
  }

  @Property(tries = 500)
  void arbitraryTextIsRefusedCleanly(@ForAll("syntaxSoup") String text) {
    outcome(text, "soup.yaml");
    outcome(text, "soup.json");
  }

  private static String outcome(String text, String source) {
    try {
      WorkflowFiles.parse(text, source);
      return "valid";
    } catch (InvalidWorkflowException e) {
      assertThat(e.getMessage()).startsWith(source + ": ");
      assertThat(e.source()).contains(source);
      return "refused";
    }
  }

  @Provide
  Arbitrary<String> editedYaml() {
    return edited(WorkflowFilesTest.ARTICLE_YAML);
  }

  @Provide
  Arbitrary<String> editedJson() {
    return edited(WorkflowFilesTest.ARTICLE_JSON);
  }

  @Provide
  Arbitrary<String> syntaxSoup() {
    return Arbitraries.strings().withChars(SYNTAX).ofMaxLength(60);
  }

  /** The text with one to three characters inserted, deleted or replaced at random places. */
  private static Arbitrary<String> edited(String text) {
    Arbitrary<Edit> edit = Combinators.combine(
            Arbitraries.integers().between(0, text.length() - 1),
            Arbitraries.of(Kind.values()),
            Arbitraries.strings().withChars(SYNTAX).ofMinLength(1).ofMaxLength(3))
        .as(Edit::new);
    return edit.list().ofMinSize(1).ofMaxSize(3).map(edits -> apply(text, edits));
  }

  private enum Kind { INSERT, DELETE, REPLACE }

  private record Edit(int at, Kind kind, String chars) {}

  private static String apply(String text, List<Edit> edits) {
    var sb = new StringBuilder(text);
    for (Edit e : edits) {
      int at = Math.min(e.at(), sb.length() - 1);
      switch (e.kind()) {
        case INSERT -> sb.insert(at, e.chars());
        case DELETE -> sb.delete(at, Math.min(sb.length(), at + e.chars().length()));
        case REPLACE -> sb.replace(at, Math.min(sb.length(), at + e.chars().length()), e.chars());
      }
    }
    return sb.toString();
  }
}
