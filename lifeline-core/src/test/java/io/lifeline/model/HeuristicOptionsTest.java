package io.lifeline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HeuristicOptionsTest {

  @Property(tries = 300)
  void theEvaluatorNameReadsBackAsTheSameSettings(@ForAll("options") HeuristicOptions options) {
    assertThat(HeuristicOptions.ofEvaluatorName(options.evaluatorName())).contains(options);
  }

  @Provide
  Arbitrary<HeuristicOptions> options() {
    return Combinators.combine(Arbitraries.integers().between(0, 20_000), Arbitraries.integers().between(0, 20_000),
            Arbitraries.of(HeuristicOptions.LANGUAGES).optional())
        .as((a, b, language) -> new HeuristicOptions(Math.min(a, b), Math.max(1, Math.max(a, b)), language));
  }

  @Test
  void theDefaultsArePlainHeuristicAndOtherSpellingsAreNoName() {
    assertThat(HeuristicOptions.DEFAULT.evaluatorName()).isEqualTo("heuristic");
    assertThat(HeuristicOptions.ofEvaluatorName("heuristic")).contains(HeuristicOptions.DEFAULT);
    assertThat(HeuristicOptions.ofEvaluatorName("heuristic:words=050..60")).isEmpty();
    assertThat(HeuristicOptions.ofEvaluatorName("heuristic:words=50..5000")).isEmpty(); // that is "heuristic"
    assertThat(HeuristicOptions.ofEvaluatorName("heuristic:words=9..8")).isEmpty();
    assertThat(HeuristicOptions.ofEvaluatorName("heuristic:words=1..99999999999")).isEmpty();
    assertThat(HeuristicOptions.ofEvaluatorName("heuristic:words=1..9,language=xx")).isEmpty();
    assertThat(HeuristicOptions.ofEvaluatorName("judge:heuristic")).isEmpty();
  }

  @Test
  void invalidSettingsAreRefusedWithTheirValue() {
    assertThatThrownBy(() -> new HeuristicOptions(10, 5, Optional.empty()))
        .hasMessage("minWords must not exceed maxWords, was 10 > 5");
    assertThatThrownBy(() -> new HeuristicOptions(0, 0, Optional.empty())).hasMessage("maxWords must be >= 1, was 0");
    assertThatThrownBy(() -> new HeuristicOptions(1, 5, Optional.of("EN")))
        .hasMessage("language must be one of de, en, es, fr, it, ja, ko, zh, was 'EN'");
  }
}
