package io.lifeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.model.Deadlines;
import io.lifeline.model.FanOut;
import io.lifeline.model.QualityGate;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.Variant;
import io.lifeline.model.Workflow;
import io.lifeline.store.Budget;
import io.lifeline.workflow.InvalidWorkflowException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowFilesTest {

  static final String ARTICLE_YAML = """
      name: article
      steps:
        - id: outline
          kind: text
          prompt: "Outline an article about {{topic}}"
        - id: draft
          kind: text
          after: [outline]
          prompt: "Write the article from this outline: {{outline}}"
          timeout: 60s
          retries: 3
      """;

  static final String ARTICLE_JSON = """
      {
      \t"name": "article",
      \t"steps": [
      \t\t{"id": "outline", "kind": "text", "prompt": "Outline an article about {{topic}}"},
      \t\t{"id": "draft", "kind": "text", "after": ["outline"],
      \t\t "prompt": "Write the article from this outline: {{outline}}", "timeout": "60s", "retries": 3}
      \t]
      }
      """;

  /** The schema example of {@code WorkflowParser}'s Javadoc, comments and all. */
  static final String SCHEMA_EXAMPLE = """
      name: article                  # required; letters, digits, . _ - (up to 64)
      inputs: [topic]                # optional: job inputs the workflow needs; when given, every
                                     #   {{placeholder}} must name an input or an upstream step
      budget:                        # optional: what each job may spend, failed attempts included;
                                     #   fields left out keep Budget.DEFAULT's; a job's request may
                                     #   name its own budget instead
        maxAttempts: 12              # attempts over all steps, >= 1 (default 40)
        maxTokens: 20000             # tokens, >= 0; 0 = no limit (default 1,000,000)
        maxCost: 0.5                 # cost units, >= 0; 0 = no limit (default 1,000)
        lowAt: 0.2                   # the share of tokens or cost left, from 0 to 1, at which the job
                                     #   turns to the cheapest agents and fallback variants (default 0.25)
      steps:                         # required, non-empty, run as a DAG
        - id: outline                # required, unique; same syntax as name
          kind: text                 # required: the agent kind that runs the step
          prompt: "Outline an article about {{topic}}"   # optional, default ""
        - id: cover
          kind: image
          select: {model: small}     # optional capabilities the agent must have
          prompt: "A cover for {{outline}}"   # {{step}} is that step's output; it must be upstream
          params: {style: flat}      # optional; numbers and booleans become strings
          after: [outline]           # optional step ids; a single id may be written without [ ]
          timeout: 60s               # total deadline of one attempt, default max(10m, noProgressTimeout)
          noProgressTimeout: 20s     # deadline without heartbeat or checkpoint, default min(2m, timeout)
          retries: 3                 # tries after the first, default 3 (= 4 attempts)
          backoff: 500ms             # first backoff, doubling; default min(500ms, maxBackoff)
          maxBackoff: 30s            # cap on one backoff, default max(30s, backoff)
          sameAgentRetries: 2        # transient failures retried on the same agent, default 2
          quality: {evaluator: heuristic, minScore: 0.6}  # optional; both required, 0 <= minScore <= 1
          fanOut: {count: 3, need: 2}  # optional: 3 branches on different agents, done once 2 succeed;
                                     #   {over: variants, need: 2}: branch i runs variant i (the step,
                                     #   then each fallback), count defaults to all of them; need
                                     #   defaults to count; count <= retries + 1 (see FanOut)
          fallbacks:                 # optional, tried in order when the step falls back
            - name: small-image      # required, unique within the step
              select: {size: small}  # merged over the step's select
              params: {width: "256"} # merged over the step's params
              prompt: "A small cover for {{outline}}"   # optional; replaces the step's prompt
      """;

  private static AbstractThrowableAssert<?, ? extends Throwable> refused(String text, String source) {
    return assertThatThrownBy(() -> WorkflowFiles.parse(text, source))
        .isExactlyInstanceOf(InvalidWorkflowException.class);
  }

  private static void assertIsTheArticle(Workflow wf) {
    assertThat(wf.name()).isEqualTo("article");
    assertThat(wf.steps()).extracting(s -> s.id()).containsExactly("outline", "draft");
    var outline = wf.step("outline");
    assertThat(outline.kind()).isEqualTo("text");
    assertThat(outline.prompt()).isEqualTo("Outline an article about {{topic}}");
    assertThat(outline.deadlines()).isEqualTo(Deadlines.DEFAULT);
    assertThat(outline.retry()).isEqualTo(RetryPolicy.DEFAULT);
    var draft = wf.step("draft");
    assertThat(draft.after()).containsExactly("outline");
    assertThat(draft.prompt()).isEqualTo("Write the article from this outline: {{outline}}");
    assertThat(draft.deadlines()).isEqualTo(new Deadlines(Duration.ofSeconds(60), Duration.ofSeconds(60)));
    assertThat(draft.retry().maxAttempts()).isEqualTo(4);
  }

  @Test
  void minimalYamlLoads() {
    assertIsTheArticle(WorkflowFiles.parse(ARTICLE_YAML, "article.yaml"));
  }

  @Test
  void jsonLoadsEvenIndentedWithTabs() {
    assertIsTheArticle(WorkflowFiles.parse(ARTICLE_JSON, "article.json"));
  }

  @Test
  void flowStyleYamlReadsJsonToo() {
    assertIsTheArticle(WorkflowFiles.parse(ARTICLE_JSON.replace('\t', ' '), "article.yaml"));
  }

  @Test
  void theDocumentedSchemaExampleLoads() {
    var workflow = WorkflowFiles.parse(SCHEMA_EXAMPLE, "article.yaml");
    assertThat(workflow.budget()).contains(new Budget(12, 20_000, 0.5, 0.2));
    var cover = workflow.step("cover");
    assertThat(cover.selector()).isEqualTo(Map.of("model", "small"));
    assertThat(cover.params()).isEqualTo(Map.of("style", "flat"));
    assertThat(cover.deadlines()).isEqualTo(new Deadlines(Duration.ofSeconds(60), Duration.ofSeconds(20)));
    assertThat(cover.retry()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(cover.quality()).contains(new QualityGate("heuristic", 0.6));
    assertThat(cover.fanOut()).contains(new FanOut(3, 2));
    assertThat(cover.fallbacks()).containsExactly(new Variant("small-image", Map.of("size", "small"),
        Map.of("width", "256"), "A small cover for {{outline}}"));
  }

  @Test
  void loadsAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("article.yaml");
    Files.writeString(file, "\uFEFF" + ARTICLE_YAML); // with a byte-order mark, as some editors write
    assertIsTheArticle(WorkflowFiles.load(file));
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path file = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> WorkflowFiles.load(file))
        .isExactlyInstanceOf(InvalidWorkflowException.class)
        .hasMessage(file + ": cannot be read: no such file");
  }

  @Test
  void aFileThatIsNotUtf8IsNamed(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> WorkflowFiles.load(file)).hasMessage(file + ": cannot be read: not UTF-8 text");
  }

  @Nested
  class SchemaErrors {

    @Test
    void nameTheFileTheFieldAndTheLine() {
      refused(ARTICLE_YAML.replace("timeout: 60s", "timeout: 60x"), "article.yaml")
          .hasMessage("article.yaml: steps[1].timeout: '60x' is not a duration (use e.g. 500ms, 60s, 5m, 1h)"
              + " (line 10, column 5)");
    }

    @Test
    void aMissingFieldPointsAtItsMap() {
      refused(ARTICLE_YAML.replace("    kind: text\n    after", "    after"), "article.yaml")
          .hasMessage("article.yaml: steps[1].kind: is required (line 6, column 5)");
    }

    @Test
    void anUnknownKeyIsSuggested() {
      refused(ARTICLE_YAML.replace("prompt: \"Outline", "promt: \"Outline"), "article.yaml")
          .hasMessage("article.yaml: steps[0].promt: unknown field (did you mean prompt?) (line 5, column 5)");
    }

    @Test
    void anUnknownStepInAfterIsSuggested() {
      refused(ARTICLE_YAML.replace("after: [outline]", "after: [outlin]"), "article.yaml")
          .hasMessage("article.yaml: steps[1].after[0]: unknown step 'outlin' (did you mean outline?) (line 8, column 13)");
    }

    @Test
    void aFanOutOverVariantsLoadsAndItsErrorsAreLocated() {
      String draft = ARTICLE_YAML.replace("    retries: 3\n", """
              retries: 3
              fanOut: {over: variants, need: 1}
              fallbacks:
                - name: terse
                  prompt: "A short article from this outline: {{outline}}"
          """);
      assertThat(WorkflowFiles.parse(draft, "article.yaml").step("draft").fanOut()).contains(FanOut.overVariants(2, 1));
      refused(draft.replace("need: 1", "count: 3"), "article.yaml")
          .hasMessage("article.yaml: steps[1].fanOut.count: over variants must be within [1, 2]"
              + " (the step and its 1 fallback), was 3 (line 12, column 30)");
    }

    /** Generation params are checked at load (I8), not when an attempt first sends them (PERMANENT). */
    @Test
    void knownGenerationParamsAreCheckedForTheStepAndEachFallback() {
      String step = ARTICLE_YAML.replace("    prompt: \"Outline", "    params: {maxTokens: 800, temperature: 0.7, system: Be brief}\n    prompt: \"Outline");
      var outline = WorkflowFiles.parse(step, "article.yaml").step("outline");
      assertThat(outline.params()).containsEntry("maxTokens", "800").containsEntry("temperature", "0.7");
      assertThat(outline.expectedTokens(0)).isEqualTo(800);

      refused(step.replace("temperature: 0.7", "temperature: 5"), "article.yaml")
          .hasMessage("article.yaml: steps[0].params.temperature: must be a number in [0, 2], was '5' (line 5, column 30)");
      refused(step.replace("temperature: 0.7", "temperature: warm"), "article.yaml")
          .hasMessage("article.yaml: steps[0].params.temperature: must be a number in [0, 2], was 'warm' (line 5, column 30)");
      refused(step.replace("maxTokens: 800", "maxTokens: abc"), "article.yaml")
          .hasMessage("article.yaml: steps[0].params.maxTokens: must be an integer >= 1, was 'abc' (line 5, column 14)");
      refused(step.replace("maxTokens: 800", "maxTokens: 0"), "article.yaml")
          .hasMessage("article.yaml: steps[0].params.maxTokens: must be an integer >= 1, was '0' (line 5, column 14)");
      refused(step.replace("maxTokens: 800", "maxTokens: 2.5"), "article.yaml")
          .hasMessage("article.yaml: steps[0].params.maxTokens: must be an integer >= 1, was '2.5' (line 5, column 14)");
    }

    @Test
    void aFallbacksGenerationParamsAreCheckedToo() {
      String draft = ARTICLE_YAML.replace("    retries: 3\n", """
              retries: 3
              fallbacks:
                - name: terse
                  params: {maxTokens: 200}
          """);
      assertThat(WorkflowFiles.parse(draft, "article.yaml").step("draft").fallbacks().getFirst().params())
          .containsEntry("maxTokens", "200");
      refused(draft.replace("maxTokens: 200", "maxTokens: -3"), "article.yaml")
          .hasMessage("article.yaml: steps[1].fallbacks[0].params.maxTokens: must be an integer >= 1, was '-3'"
              + " (line 14, column 18)");
    }

    @Test
    void aJavaBuiltStepIsHeldToTheSameRules() {
      assertThatThrownBy(() -> Workflow.builder("w").step("a", s -> s.params(Map.of("temperature", "2.5"))).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("step 'a': params.temperature must be a number in [0, 2], was '2.5'");
      assertThatThrownBy(() -> new Variant("small", Map.of(), Map.of("maxTokens", "lots"), ""))
          .hasMessage("fallback 'small': params.maxTokens must be an integer >= 1, was 'lots'");
    }

    @Test
    void jsonErrorsAreLocatedToo() {
      refused(ARTICLE_JSON.replace("\"retries\": 3", "\"retries\": -1"), "article.json")
          .hasMessage("article.json: steps[1].retries: must be an integer >= 0, was -1 (line 6, column 84)");
    }

    @Test
    void aBadBudgetNamesTheFieldTheRuleTheValueAndTheLine() {
      refused(ARTICLE_YAML.replace("name: article\n", "name: article\nbudget:\n  maxTokens: 20000\n  maxCost: -0.5\n"),
          "article.yaml")
          .hasMessage("article.yaml: budget.maxCost: must be a number >= 0, was -0.5 (line 4, column 3)");
    }

    @Test
    void theErrorKeepsItsParts() {
      var e = org.junit.jupiter.api.Assertions.assertThrows(InvalidWorkflowException.class,
          () -> WorkflowFiles.parse(ARTICLE_YAML.replace("retries: 3", "retries: -1"), "article.yaml"));
      assertThat(e.source()).contains("article.yaml");
      assertThat(e.path()).hasToString("steps[1].retries");
      assertThat(e.rule()).isEqualTo("must be an integer >= 0, was -1");
      assertThat(e.line()).hasValue(11);
      assertThat(e.column()).hasValue(5);
    }
  }

  @Nested
  class DocumentErrors {

    @Test
    void syntaxErrorGivesLineAndColumn() {
      refused(ARTICLE_YAML.replace("kind: text\n    after", "kind: text: x\n    after"), "article.yaml")
          .hasMessage("article.yaml: not valid YAML: mapping values are not allowed here (line 7, column 15)");
    }

    @Test
    void tabIndentationIsASyntaxErrorOnItsLine() {
      refused("name: a\nsteps:\n\t- id: x\n", "article.yml")
          .hasMessageStartingWith("article.yml: not valid YAML: found character '\\t(TAB)' that cannot start any token")
          .hasMessageEndingWith("(line 3, column 1)");
    }

    @Test
    void jsonSyntaxErrorGivesLineAndColumn() {
      refused("{\n  \"name\": \"a\",\n  \"steps\": [}\n", "article.json")
          .hasMessageStartingWith("article.json: not valid JSON: Unexpected close marker '}'")
          .hasMessageEndingWith("(line 3, column 13)");
    }

    @Test
    void duplicateKeyIsRefusedWithItsPath() {
      refused(ARTICLE_YAML.replace("    retries: 3", "    retries: 3\n    timeout: 5m"), "article.yaml")
          .hasMessage("article.yaml: steps[1].timeout: duplicate key; a key may appear only once in a map (line 12, column 5)");
    }

    @Test
    void duplicateKeyInJsonToo() {
      refused("{\"name\": \"a\", \"name\": \"b\"}", "w.json")
          .hasMessage("w.json: name: duplicate key; a key may appear only once in a map (line 1, column 15)");
    }

    @Test
    void aliasesAreRefused() {
      refused(ARTICLE_YAML.replace("prompt: \"Outline an article about {{topic}}\"", "prompt: &p \"x\"")
              .replace("prompt: \"Write the article from this outline: {{outline}}\"", "prompt: *p"), "article.yaml")
          .hasMessage("article.yaml: steps[1].prompt: YAML aliases (*p) are not supported; write the value out (line 9, column 13)");
    }

    @Test
    void aSecondDocumentIsRefused() {
      refused(ARTICLE_YAML + "---\nname: other\n", "article.yaml")
          .hasMessage("article.yaml: a file holds one workflow, but more follows it (line 13, column 1)");
    }

    @Test
    void trailingJsonIsRefused() {
      refused(ARTICLE_JSON + "{}", "article.json")
          .hasMessageStartingWith("article.json: a file holds one workflow, but more follows it");
    }

    @Test
    void binaryValuesAreRefused() {
      refused(ARTICLE_YAML.replace("prompt: \"Outline an article about {{topic}}\"", "prompt: !!binary aGVsbG8="),
              "article.yaml")
          .hasMessage("article.yaml: steps[0].prompt: is typed YAML data (such as !!binary) that a workflow cannot hold;"
              + " write it as a string (line 5, column 13)");
    }

    @Test
    void anEmptyFileSaysWhatIsNeeded() {
      refused("# nothing yet\n", "article.yaml")
          .hasMessage("article.yaml: a workflow must not be empty; it needs at least name and steps");
    }
  }

  @Test
  void yesAndNoStayWords() {
    var wf = WorkflowFiles.parse(ARTICLE_YAML.replace("kind: text\n    after",
        "kind: text\n    select: {lang: no, cache: true}\n    params: {formal: yes, n: 3, t: 0.5}\n    after"), "article.yaml");
    assertThat(wf.step("draft").selector()).isEqualTo(Map.of("lang", "no", "cache", "true"));
    assertThat(wf.step("draft").params()).isEqualTo(Map.of("formal", "yes", "n", "3", "t", "0.5"));
  }
}
