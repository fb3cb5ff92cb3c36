package io.lifeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.model.Deadlines;
import io.lifeline.model.Hedge;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HedgeParsingTest {

  static Object tree(Object hedge) {
    var step = new LinkedHashMap<String, Object>(Map.of("id", "draft", "kind", "text", "timeout", "40s"));
    step.put("hedge", hedge);
    return Map.of("name", "w", "steps", List.of(step));
  }

  static Hedge parse(Object hedge) {
    return WorkflowParser.parse(tree(hedge)).step("draft").hedge().orElseThrow();
  }

  @Test
  void theShortFormsAreP95OrAFixedDelay() {
    assertThat(parse("p95")).isEqualTo(Hedge.atP95());
    assertThat(parse("8s")).isEqualTo(Hedge.after(Duration.ofSeconds(8)));
  }

  @Test
  void theLongFormSetsTheDelayUsedUntilTheP95IsMeasured() {
    assertThat(parse(Map.of("after", "p95", "untilMeasured", "5s"))).isEqualTo(Hedge.atP95(Duration.ofSeconds(5)));
    assertThat(parse(Map.of("after", "p95"))).isEqualTo(Hedge.atP95());
    assertThat(parse(Map.of("after", "3s"))).isEqualTo(Hedge.after(Duration.ofSeconds(3)));
  }

  @Test
  void withoutUntilMeasuredAP95HedgeStartsAtHalfTheTotalDeadline() {
    var step = WorkflowParser.parse(tree("p95")).step("draft");
    assertThat(step.hedge().orElseThrow().delayUntilMeasured(step.deadlines())).isEqualTo(Duration.ofSeconds(20));
    assertThat(Hedge.atP95(Duration.ofSeconds(5)).delayUntilMeasured(Deadlines.DEFAULT)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void badHedgesAreRefusedWithTheFieldTheRuleAndTheValue() {
    assertThatThrownBy(() -> parse("p99")).isInstanceOf(InvalidWorkflowException.class)
        .hasMessageContaining("steps[0].hedge: must be p95 or a positive duration such as 5s, was 'p99'");
    assertThatThrownBy(() -> parse("0s"))
        .hasMessageContaining("steps[0].hedge: must be p95 or a positive duration such as 5s, was '0s'");
    assertThatThrownBy(() -> parse(Map.of("untilMeasured", "5s")))
        .hasMessageContaining("steps[0].hedge.after: is required");
    assertThatThrownBy(() -> parse(Map.of("after", "8s", "untilMeasured", "5s")))
        .hasMessageContaining("steps[0].hedge.untilMeasured: applies only to after: p95, not to a fixed delay (after: '8s')");
    assertThatThrownBy(() -> parse(Map.of("after", "p95", "untilMeasured", "0s")))
        .hasMessageContaining("steps[0].hedge.untilMeasured: must be positive, was 0s");
    assertThatThrownBy(() -> parse(Map.of("after", "p95", "untilMesured", "5s")))
        .hasMessageContaining("steps[0].hedge.untilMesured: unknown field (did you mean untilMeasured?)");
  }

  @Test
  void aHedgeThatWouldStartAfterTheStepsTimeoutIsRefused() {
    assertThatThrownBy(() -> parse("40s"))
        .hasMessageContaining("steps[0].hedge: must start before the step's timeout of PT40S, was PT40S");
    assertThatThrownBy(() -> parse(Map.of("after", "p95", "untilMeasured", "1m")))
        .hasMessageContaining("steps[0].hedge: must start before the step's timeout of PT40S, was PT1M");
    assertThat(parse("39s").after()).contains(Duration.ofSeconds(39));
  }

  @Test
  void theModelRefusesAnUntilMeasuredWithAFixedDelay() {
    assertThatThrownBy(() -> new Hedge(java.util.Optional.of(Duration.ofSeconds(8)), java.util.Optional.of(Duration.ofSeconds(5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hedge untilMeasured applies only to a p95 hedge, not to a fixed delay of PT8S; was PT5S");
  }
}
