package io.lifeline.workflow;

import static io.lifeline.workflow.Trees.article;
import static io.lifeline.workflow.Trees.list;
import static io.lifeline.workflow.Trees.map;
import static io.lifeline.workflow.Trees.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.model.Deadlines;
import io.lifeline.model.QualityGate;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.Variant;
import io.lifeline.model.Workflow;
import io.lifeline.store.Budget;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkflowParserTest {

  private static AbstractThrowableAssert<?, ? extends Throwable> refused(Object tree) {
    return assertThatThrownBy(() -> WorkflowParser.parse(tree)).isExactlyInstanceOf(InvalidWorkflowException.class);
  }

  @Test
  void minimalArticleLoadsWithTheDefaults() {
    Workflow wf = WorkflowParser.parse(article());

    assertThat(wf.name()).isEqualTo("article");
    assertThat(wf.inputs()).isEmpty();
    var outline = wf.step("outline");
    assertThat(outline.kind()).isEqualTo("text");
    assertThat(outline.prompt()).isEqualTo("Outline an article about {{topic}}");
    assertThat(outline.after()).isEmpty();
    assertThat(outline.selector()).isEmpty();
    assertThat(outline.params()).isEmpty();
    assertThat(outline.deadlines()).isEqualTo(Deadlines.DEFAULT);
    assertThat(outline.retry()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(outline.fallbacks()).isEmpty();
    assertThat(outline.quality()).isEmpty();

    var draft = wf.step("draft");
    assertThat(draft.after()).containsExactly("outline");
    assertThat(draft.prompt()).isEqualTo("Write the article from this outline: {{outline}}");
    // noProgressTimeout defaults to min(2m, timeout), so a short timeout alone is valid.
    assertThat(draft.deadlines()).isEqualTo(new Deadlines(Duration.ofSeconds(60), Duration.ofSeconds(60)));
    assertThat(draft.retry().maxAttempts()).isEqualTo(4);
  }

  @Test
  void everyFieldOfTheSchemaIsRead() {
    var tree = map(
        "name", "posts",
        "inputs", list("topic"),
        "steps", list(
            map("id", "outline", "kind", "text", "prompt", "About {{topic}}"),
            map("id", "cover", "kind", "image",
                "select", map("model", "big", "provider", "local"),
                "prompt", "A cover for {{outline}}",
                "params", map("width", 1024, "hdr", true, "style", "flat", "ratio", 1.5),
                "after", list("outline"),
                "timeout", "5m", "noProgressTimeout", "20s",
                "retries", 5, "backoff", "1s", "maxBackoff", "1m", "sameAgentRetries", 1,
                "quality", map("evaluator", "heuristic", "minScore", 0.6),
                "fallbacks", list(
                    map("name", "small-image", "select", map("size", "small"), "params", map("width", "256")),
                    map("name", "plain", "prompt", "A plain cover for {{outline}}")))));

    var cover = WorkflowParser.parse(tree).step("cover");

    assertThat(cover.kind()).isEqualTo("image");
    assertThat(cover.selector()).isEqualTo(Map.of("model", "big", "provider", "local"));
    assertThat(cover.params()).isEqualTo(Map.of("width", "1024", "hdr", "true", "style", "flat", "ratio", "1.5"));
    assertThat(cover.deadlines()).isEqualTo(new Deadlines(Duration.ofMinutes(5), Duration.ofSeconds(20)));
    assertThat(cover.retry()).isEqualTo(new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofMinutes(1), 1));
    assertThat(cover.quality()).contains(new QualityGate("heuristic", 0.6));
    assertThat(cover.fallbacks()).containsExactly(
        new Variant("small-image", Map.of("size", "small"), Map.of("width", "256"), ""),
        new Variant("plain", Map.of(), Map.of(), "A plain cover for {{outline}}"));
  }

  @Nested
  class Workflows {

    @Test
    void rootMustBeAMap() {
      refused(list("a")).hasMessage("a workflow must be a map with fields name, inputs, budget, steps; was a list");
    }

    @Test
    void emptyDocumentIsRefused() {
      refused(null).hasMessageStartingWith("a workflow must not be empty");
    }

    @Test
    void nameIsRequired() {
      var tree = article();
      tree.remove("name");
      refused(tree).hasMessage("name: is required");
    }

    @Test
    void nameFollowsTheModelsSyntax() {
      var tree = article();
      tree.put("name", "my article");
      refused(tree).hasMessageStartingWith("name: must match ").hasMessageEndingWith("was 'my article'");
    }

    @Test
    void stepsAreRequired() {
      var tree = article();
      tree.remove("steps");
      refused(tree).hasMessage("steps: is required");
    }

    @Test
    void stepsMustNotBeEmpty() {
      var tree = article();
      tree.put("steps", list());
      refused(tree).hasMessageStartingWith("steps: must not be empty");
    }

    @Test
    void stepsMustBeAList() {
      var tree = article();
      tree.put("steps", map("id", "x"));
      refused(tree).hasMessage("steps: must be a list of steps, was a map");
    }

    @Test
    void aStepMustBeAMap() {
      var tree = article();
      tree.put("steps", list("outline"));
      refused(tree).hasMessageStartingWith("steps[0]: must be a map with fields id, kind,")
          .hasMessageEndingWith("was the string 'outline'");
    }

    @Test
    void explicitNullIsTheSameAsAbsent() {
      var tree = article();
      tree.put("inputs", null);
      step(tree, 1).put("timeout", null);
      assertThat(WorkflowParser.parse(tree).step("draft").deadlines()).isEqualTo(Deadlines.DEFAULT);
    }

    @Test
    void keysMustBeStrings() {
      var tree = new java.util.HashMap<Object, Object>(article());
      tree.put(7, "x");
      refused(tree).hasMessage("keys must be strings, found 7");
    }
  }

  @Nested
  class UnknownFields {

    @Test
    void nearestKnownFieldIsSuggested() {
      var tree = article();
      step(tree, 0).put("promt", step(tree, 0).remove("prompt"));
      refused(tree).hasMessage("steps[0].promt: unknown field (did you mean prompt?)");
    }

    @Test
    void suggestionIgnoresCaseAndSeparators() {
      var tree = article();
      step(tree, 1).put("no_progress_timeout", "10s");
      refused(tree).hasMessage("steps[1].no_progress_timeout: unknown field (did you mean noProgressTimeout?)");
    }

    @Test
    void topLevelTypoIsSuggested() {
      var tree = article();
      tree.put("step", list());
      refused(tree).hasMessage("step: unknown field (did you mean steps?)");
    }

    @Test
    void farFromEveryFieldListsTheKnownOnes() {
      var tree = article();
      step(tree, 0).put("model", "gpt");
      refused(tree).hasMessageStartingWith("steps[0].model: unknown field (known fields: id, kind, select, prompt,");
    }

    @Test
    void oddKeysAreQuotedInThePath() {
      var tree = article();
      step(tree, 0).put("max tokens", 5);
      refused(tree).hasMessageStartingWith("steps[0][\"max tokens\"]: unknown field");
    }
  }

  @Nested
  class Steps {

    @Test
    void idIsRequired() {
      var tree = article();
      step(tree, 0).remove("id");
      refused(tree).hasMessage("steps[0].id: is required");
    }

    @Test
    void kindIsRequired() {
      var tree = article();
      step(tree, 1).remove("kind");
      refused(tree).hasMessage("steps[1].kind: is required");
    }

    @Test
    void idFollowsTheModelsSyntax() {
      var tree = article();
      step(tree, 1).put("id", "my draft");
      refused(tree).hasMessageStartingWith("steps[1].id: must match ").hasMessageEndingWith("was 'my draft'");
    }

    @Test
    void kindFollowsTheModelsSyntax() {
      var tree = article();
      step(tree, 1).put("kind", "");
      refused(tree).hasMessageStartingWith("steps[1].kind: must match ").hasMessageEndingWith("was ''");
    }

    @Test
    void duplicateIdIsRefusedAtItsSecondUse() {
      var tree = article();
      step(tree, 1).put("id", "outline");
      step(tree, 1).remove("after");
      step(tree, 1).put("prompt", "");
      refused(tree).hasMessage("steps[1].id: duplicate step id 'outline' (also steps[0].id)");
    }

    @Test
    void idMustBeAString() {
      var tree = article();
      step(tree, 0).put("id", 42);
      refused(tree).hasMessage("steps[0].id: must be a string, was 42");
    }

    @Test
    void promptMustBeAString() {
      var tree = article();
      step(tree, 0).put("prompt", list("a", "b"));
      refused(tree).hasMessage("steps[0].prompt: must be a string, was a list");
    }

    @Test
    void selectMustBeAMap() {
      var tree = article();
      step(tree, 0).put("select", list("small"));
      refused(tree).hasMessage("steps[0].select: must be a map of names to values, was a list");
    }

    @Test
    void paramValuesMustBeScalars() {
      var tree = article();
      step(tree, 0).put("params", map("mode", map("a", 1)));
      refused(tree).hasMessage("steps[0].params.mode: must be a string, number or boolean, was a map");
    }
  }

  @Nested
  class After {

    @Test
    void unknownStepSuggestsTheNearestId() {
      var tree = article();
      step(tree, 1).put("after", list("outlin"));
      refused(tree).hasMessage("steps[1].after[0]: unknown step 'outlin' (did you mean outline?)");
    }

    @Test
    void unknownStepFarFromEveryIdListsThem() {
      var tree = article();
      step(tree, 1).put("after", list("research"));
      refused(tree).hasMessage("steps[1].after[0]: unknown step 'research' (steps: outline, draft)");
    }

    @Test
    void aSingleIdNeedsNoList() {
      var tree = article();
      step(tree, 1).put("after", "outline");
      assertThat(WorkflowParser.parse(tree).step("draft").after()).containsExactly("outline");
    }

    @Test
    void mustBeAListOfIds() {
      var tree = article();
      step(tree, 1).put("after", map("outline", true));
      refused(tree).hasMessage("steps[1].after: must be a list of step ids, was a map");
    }

    @Test
    void everyItemMustBeAnId() {
      var tree = article();
      step(tree, 1).put("after", list("outline", 3));
      refused(tree).hasMessage("steps[1].after[1]: must be a step id, was 3");
    }

    @Test
    void aStepIsListedOnce() {
      var tree = article();
      step(tree, 1).put("after", list("outline", "outline"));
      refused(tree).hasMessage("steps[1].after[1]: lists step 'outline' twice");
    }

    @Test
    void cycleIsRefusedWithItsPath() {
      var tree = article();
      step(tree, 1).put("after", list("outline", "review"));
      ((List<Object>) tree.get("steps")).add(map("id", "review", "kind", "evaluator", "after", list("draft")));
      refused(tree).hasMessage("steps: form a cycle draft -> review -> draft");
    }

    @Test
    void aStepCannotRunAfterItself() {
      var tree = article();
      step(tree, 0).put("after", "outline");
      refused(tree).hasMessage("steps: form a cycle outline -> outline");
    }
  }

  @Nested
  class Placeholders {

    @Test
    void aPromptMayOnlyUseUpstreamSteps() {
      var tree = article();
      step(tree, 0).put("prompt", "Outline {{draft}}");
      refused(tree).hasMessage("steps[0].prompt: uses {{draft}} but step 'draft' is not among its "
          + "dependencies (add it to after)");
    }

    @Test
    void transitiveUpstreamStepsAreAllowed() {
      var tree = article();
      ((List<Object>) tree.get("steps")).add(
          map("id", "review", "kind", "text", "after", "draft", "prompt", "{{outline}} then {{draft}}"));
      assertThat(WorkflowParser.parse(tree).steps()).hasSize(3);
    }

    @Test
    void aFallbackPromptIsNamedAsSuch() {
      var tree = article();
      step(tree, 0).put("fallbacks", list(map("name", "plain"), map("name", "short", "prompt", "{{draft}}")));
      refused(tree).hasMessageStartingWith("steps[0].fallbacks[1].prompt: uses {{draft}} but step 'draft'");
    }

    @Test
    void withDeclaredInputsEveryPlaceholderMustBeKnown() {
      var tree = article();
      tree.put("inputs", list("subject"));
      refused(tree).hasMessage("steps[0].prompt: uses {{topic}} which is neither a step nor a declared input [subject]");
    }
  }

  @Nested
  class Inputs {

    @Test
    void aSingleInputNeedsNoList() {
      var tree = article();
      tree.put("inputs", "topic");
      assertThat(WorkflowParser.parse(tree).inputs()).containsExactly("topic");
    }

    @Test
    void mustBeUsableAsPlaceholders() {
      var tree = article();
      tree.put("inputs", list("topic", "the topic"));
      refused(tree).hasMessage("inputs[1]: must be usable as {{name}}: letters, digits, '.', '_' or '-', was 'the topic'");
    }

    @Test
    void areListedOnce() {
      var tree = article();
      tree.put("inputs", list("topic", "topic"));
      refused(tree).hasMessage("inputs[1]: duplicate input 'topic' (also inputs[0])");
    }

    @Test
    void mayNotShareANameWithAStep() {
      var tree = article();
      tree.put("inputs", list("topic", "outline"));
      refused(tree).hasMessageStartingWith("inputs[1]: 'outline' is also a step id");
    }
  }

  @Nested
  class Durations {

    @Test
    void badDurationNamesTheFieldAndTheForms() {
      var tree = article();
      step(tree, 1).put("timeout", "60x");
      refused(tree).hasMessage("steps[1].timeout: '60x' is not a duration (use e.g. 500ms, 60s, 5m, 1h)");
    }

    @Test
    void aNumberHasNoUnit() {
      var tree = article();
      step(tree, 1).put("timeout", 60);
      refused(tree).hasMessage("steps[1].timeout: must be a duration (use e.g. 500ms, 60s, 5m, 1h), was 60 without a unit");
    }

    @Test
    void timeoutMustBePositive() {
      var tree = article();
      step(tree, 1).put("timeout", "0s");
      refused(tree).hasMessage("steps[1].timeout: must be positive, was 0s");
    }

    @Test
    void backoffMayBeZeroButNotNegative() {
      var tree = article();
      step(tree, 1).put("backoff", "0ms");
      assertThat(WorkflowParser.parse(tree).step("draft").retry().baseDelay()).isZero();
      step(tree, 1).put("backoff", "-1s");
      refused(tree).hasMessage("steps[1].backoff: must not be negative, was -1s");
    }

    @Test
    void noProgressTimeoutMayNotExceedTimeout() {
      var tree = article();
      step(tree, 1).put("noProgressTimeout", "5m");
      refused(tree).hasMessage("steps[1].noProgressTimeout: must not exceed timeout, was PT5M > PT1M");
    }

    @Test
    void eitherTimeoutAloneMovesTheOtherDefault() {
      var tree = article();
      step(tree, 0).put("noProgressTimeout", "15m");
      var wf = WorkflowParser.parse(tree);
      assertThat(wf.step("outline").deadlines()).isEqualTo(new Deadlines(Duration.ofMinutes(15), Duration.ofMinutes(15)));
      assertThat(wf.step("draft").deadlines()).isEqualTo(new Deadlines(Duration.ofSeconds(60), Duration.ofSeconds(60)));
    }

    @Test
    void eitherBackoffAloneMovesTheOtherDefault() {
      var tree = article();
      step(tree, 0).put("backoff", "1m");
      step(tree, 1).put("maxBackoff", "100ms");
      var wf = WorkflowParser.parse(tree);
      assertThat(wf.step("outline").retry().maxDelay()).isEqualTo(Duration.ofMinutes(1));
      assertThat(wf.step("draft").retry().baseDelay()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void bothBackoffsGivenMustBeOrdered() {
      var tree = article();
      step(tree, 1).put("backoff", "10s");
      step(tree, 1).put("maxBackoff", "1s");
      refused(tree).hasMessage("steps[1].maxBackoff: must be >= backoff, was PT1S < PT10S");
    }
  }

  @Nested
  class Counts {

    @Test
    void negativeRetriesAreRefused() {
      var tree = article();
      step(tree, 1).put("retries", -1);
      refused(tree).hasMessage("steps[1].retries: must be an integer >= 0, was -1");
    }

    @Test
    void fractionalRetriesAreRefused() {
      var tree = article();
      step(tree, 1).put("retries", 1.5);
      refused(tree).hasMessage("steps[1].retries: must be an integer >= 0, was 1.5");
    }

    @Test
    void aQuotedNumberIsAString() {
      var tree = article();
      step(tree, 1).put("retries", "3");
      refused(tree).hasMessage("steps[1].retries: must be an integer >= 0, was the string '3'");
    }

    @Test
    void wholeNumbersOfAnyTypeAreIntegers() {
      var tree = article();
      step(tree, 1).put("retries", 2.0);
      step(tree, 1).put("sameAgentRetries", new BigDecimal("1.000"));
      var retry = WorkflowParser.parse(tree).step("draft").retry();
      assertThat(retry.maxAttempts()).isEqualTo(3);
      assertThat(retry.sameAgentRetries()).isEqualTo(1);
    }

    @Test
    void attemptsMustFitAnInt() {
      var tree = article();
      step(tree, 1).put("retries", (long) Integer.MAX_VALUE);
      refused(tree).hasMessage("steps[1].retries: must be at most 2147483646, was 2147483647");
    }
  }

  @Nested
  class Quality {

    @Test
    void minScoreMustBeWithinZeroAndOne() {
      var tree = article();
      step(tree, 1).put("quality", map("evaluator", "heuristic", "minScore", 1.5));
      refused(tree).hasMessage("steps[1].quality.minScore: must be within [0, 1], was 1.5");
    }

    @Test
    void minScoreMustBeANumber() {
      var tree = article();
      step(tree, 1).put("quality", map("evaluator", "heuristic", "minScore", "high"));
      refused(tree).hasMessage("steps[1].quality.minScore: must be a number, was the string 'high'");
    }

    @Test
    void bothFieldsAreRequired() {
      var tree = article();
      step(tree, 1).put("quality", map("minScore", 0.5));
      refused(tree).hasMessage("steps[1].quality: needs exactly one of evaluator or evaluators");
      step(tree, 1).put("quality", map("evaluator", "heuristic"));
      refused(tree).hasMessage("steps[1].quality.minScore: is required");
    }

    @Test
    void evaluatorMustNotBeBlank() {
      var tree = article();
      step(tree, 1).put("quality", map("evaluator", " ", "minScore", 0.5));
      refused(tree).hasMessage("steps[1].quality.evaluator: must not be blank, was ' '");
    }

    @Test
    void unknownFieldIsSuggested() {
      var tree = article();
      step(tree, 1).put("quality", map("evaluator", "heuristic", "min_score", 0.5));
      refused(tree).hasMessage("steps[1].quality.min_score: unknown field (did you mean minScore?)");
    }
  }

  @Nested
  class Budgets {

    @Test
    void aBudgetBlockIsWhatTheWorkflowsJobsMaySpend() {
      var tree = article();
      tree.put("budget", map("maxAttempts", 12, "maxTokens", 20_000, "maxCost", 0.5, "lowAt", 0.2));
      assertThat(WorkflowParser.parse(tree).budget()).contains(new Budget(12, 20_000, 0.5, 0.2));
    }

    @Test
    void fieldsLeftOutKeepTheDefaultBudgetsAndNoBlockLeavesItToTheEngine() {
      var tree = article();
      assertThat(WorkflowParser.parse(tree).budget()).isEmpty();

      tree.put("budget", map("maxTokens", 20_000));
      assertThat(WorkflowParser.parse(tree).budget()).contains(Budget.DEFAULT.withMaxTokens(20_000));
    }

    static Stream<Arguments> badBudgets() {
      return Stream.of(
          Arguments.of("maxAttempts", 0, "budget.maxAttempts: must be an integer >= 1, was 0"),
          Arguments.of("maxTokens", -5, "budget.maxTokens: must be an integer >= 0, was -5"),
          Arguments.of("maxTokens", 1.5, "budget.maxTokens: must be an integer >= 0, was 1.5"),
          Arguments.of("maxCost", -0.5, "budget.maxCost: must be a number >= 0, was -0.5"),
          Arguments.of("maxCost", Double.POSITIVE_INFINITY, "budget.maxCost: must be a number >= 0, was Infinity"),
          Arguments.of("maxCost", "0.50", "budget.maxCost: must be a number, was the string '0.50'"),
          Arguments.of("lowAt", 1.5, "budget.lowAt: must be a number from 0 to 1, was 1.5"),
          Arguments.of("lowAt", -0.1, "budget.lowAt: must be a number from 0 to 1, was -0.1"),
          Arguments.of("maxToken", 5, "budget.maxToken: unknown field (did you mean maxTokens?)"));
    }

    @ParameterizedTest
    @MethodSource("badBudgets")
    void aBadValueIsRefusedNamingTheFieldTheRuleAndTheValue(String field, Object value, String message) {
      var tree = article();
      tree.put("budget", map(field, value));
      refused(tree).hasMessage(message);
    }

    @Test
    void aBudgetMustBeAMap() {
      var tree = article();
      tree.put("budget", 5);
      refused(tree).hasMessage("budget: must be a map with fields maxAttempts, maxTokens, maxCost, lowAt; was 5");
    }
  }

  @Nested
  class Fallbacks {

    @Test
    void mustBeAList() {
      var tree = article();
      step(tree, 1).put("fallbacks", map("name", "small"));
      refused(tree).hasMessage("steps[1].fallbacks: must be a list of fallbacks, was a map");
    }

    @Test
    void nameIsRequired() {
      var tree = article();
      step(tree, 1).put("fallbacks", list(map("name", "small"), map("select", map("size", "s"))));
      refused(tree).hasMessage("steps[1].fallbacks[1].name: is required");
    }

    @Test
    void nameFollowsTheModelsSyntax() {
      var tree = article();
      step(tree, 1).put("fallbacks", list(map("name", "small one")));
      refused(tree).hasMessageStartingWith("steps[1].fallbacks[0].name: must match ");
    }

    @Test
    void namesAreUniqueWithinAStep() {
      var tree = article();
      step(tree, 1).put("fallbacks", list(map("name", "small"), map("name", "small")));
      refused(tree).hasMessage("steps[1].fallbacks[1].name: duplicate fallback name 'small' (also steps[1].fallbacks[0])");
    }
  }

  @Test
  void theErrorCarriesPathAndRuleApart() {
    var tree = article();
    step(tree, 1).put("retries", -1);
    var e = org.junit.jupiter.api.Assertions.assertThrows(InvalidWorkflowException.class, () -> WorkflowParser.parse(tree));
    assertThat(e.path()).isEqualTo(FieldPath.ROOT.key("steps").index(1).key("retries"));
    assertThat(e.rule()).isEqualTo("must be an integer >= 0, was -1");
    assertThat(e.source()).isEmpty();
    assertThat(e.at("article.yaml", 9, 5).getMessage())
        .isEqualTo("article.yaml: steps[1].retries: must be an integer >= 0, was -1 (line 9, column 5)");
  }
}
