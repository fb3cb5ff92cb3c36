package io.lifeline.workflow;

import static io.lifeline.workflow.Trees.list;
import static io.lifeline.workflow.Trees.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.model.FanOut;
import io.lifeline.model.StepSpec;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class FanOutParsingTest {

  /** A headline step with two fallbacks (three variants), four attempts by default. */
  static Map<String, Object> headline(Map<String, Object> fanOut) {
    var step = map("id", "headline", "kind", "text", "prompt", "A headline for {{topic}}",
        "select", map("model", "large"),
        "fallbacks", list(
            map("name", "terse", "prompt", "Five words on {{topic}}"),
            map("name", "small", "select", map("model", "small"))),
        "fanOut", fanOut);
    return map("name", "news", "steps", list(step));
  }

  private static StepSpec parsed(Map<String, Object> tree) {
    return WorkflowParser.parse(tree).step("headline");
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> refused(Map<String, Object> tree) {
    return assertThatThrownBy(() -> WorkflowParser.parse(tree)).isExactlyInstanceOf(InvalidWorkflowException.class);
  }

  @Test
  void overVariantsRunsTheStepAndEveryFallbackByDefault() {
    var fanOut = parsed(headline(map("over", "variants", "need", 2))).fanOut().orElseThrow();
    assertThat(fanOut).isEqualTo(FanOut.overVariants(3, 2));
  }

  @Test
  void overVariantsTakesAnExplicitSmallerCountAndNeedsAllByDefault() {
    assertThat(parsed(headline(map("over", "variants", "count", 2))).fanOut()).contains(FanOut.overVariants(2, 2));
  }

  @Test
  void overAgentsIsTheDefaultAndKeepsItsSchema() {
    assertThat(parsed(headline(map("count", 3, "need", 1))).fanOut()).contains(new FanOut(3, 1));
    assertThat(parsed(headline(map("over", "agents", "count", 2))).fanOut()).contains(new FanOut(2, 2));
  }

  @Test
  void anUnknownOverIsRefused() {
    refused(headline(map("over", "models", "need", 1)))
        .hasMessage("steps[0].fanOut.over: must be agents or variants, was 'models'");
    refused(headline(map("over", 2, "need", 1))).hasMessage("steps[0].fanOut.over: must be a string, was 2");
  }

  @Test
  void overVariantsOnAStepWithoutFallbacksIsRefused() {
    var tree = map("name", "news", "steps", list(
        map("id", "headline", "kind", "text", "fanOut", map("over", "variants"))));
    refused(tree).hasMessage("steps[0].fanOut.over: must be agents for a step without fallbacks"
        + " (over variants, the branches run the step and each of its fallbacks), was variants");
  }

  @Test
  void aCountAboveTheVariantsIsRefused() {
    refused(headline(map("over", "variants", "count", 4, "need", 2))).hasMessage(
        "steps[0].fanOut.count: over variants must be within [1, 3] (the step and its 2 fallbacks), was 4");
  }

  @Test
  void aCountAboveTheStepsAttemptsIsRefused() {
    var tree = headline(map("count", 5));
    refused(tree).hasMessage("steps[0].fanOut.count: must not exceed the step's 4 attempts"
        + " (retries + 1; every branch is an attempt), was 5");
    Trees.step(tree, 0).put("retries", 4);
    assertThat(parsed(tree).fanOut()).contains(new FanOut(5, 5));
  }

  @Test
  void countAndNeedKeepTheirRules() {
    refused(headline(map("need", 1))).hasMessage("steps[0].fanOut.count: is required (unless over: variants)");
    refused(headline(map("over", "variants", "need", 4))).hasMessage("steps[0].fanOut.need: must be at most 3, was 4");
    refused(headline(map("over", "variants", "need", 0)))
        .hasMessage("steps[0].fanOut.need: must be within [1, 3] (the count), was 0");
    refused(headline(map("count", 17))).hasMessage("steps[0].fanOut.count: must be at most 16, was 17");
    refused(headline(map("over", "variants", "needs", 2)))
        .hasMessage("steps[0].fanOut.needs: unknown field (did you mean need?)");
  }

  @Test
  void theJavaBuilderKeepsTheSameRules() {
    var builder = StepSpec.builder("headline").fanOut(FanOut.overVariants(2, 1));
    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("step 'headline': fanOut.over must be agents for a step without fallbacks");
  }
}
