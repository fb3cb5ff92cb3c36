package io.lifeline.agents.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.quality.SafetyVerdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlocklistSafetyFilterTest {

  private final BlocklistSafetyFilter filter = new BlocklistSafetyFilter(
      List.of("arson", "nerve agent"),
      Map.of("card-number", "\\b(?:\\d[ -]?){13,16}\\b"));

  private SafetyVerdict check(String text) {
    return filter.check("Write about fire safety", Output.text(text));
  }

  @Test
  void blocksATermAsAWholeWordInAnyCase() {
    assertThat(check("ARSON! was the cause.")).isEqualTo(SafetyVerdict.unsafe("blocked term 'arson'"));
    assertThat(check("The parsons met at the chapel.").isSafe()).isTrue();
    assertThat(check("Arsonists are caught.").isSafe()).as("a whole word, not a prefix").isTrue();
  }

  @Test
  void blocksAPhraseAcrossAnyWhitespace() {
    assertThat(check("a Nerve\n  Agent attack").outcome()).isEqualTo(SafetyVerdict.Outcome.UNSAFE);
    assertThat(check("the nerve agents").isSafe()).isTrue();
  }

  @Test
  void namesAMatchedPatternWithoutQuotingWhatItMatched() {
    var verdict = check("Pay with 4111 1111 1111 1111 today.");

    assertThat(verdict).isEqualTo(SafetyVerdict.unsafe("blocked pattern 'card-number'"));
    assertThat(verdict.reason()).doesNotContain("4111");
  }

  @Test
  void aRefusalIsRefusedWithTheSamePhrasesAsTheHeuristicEvaluator() {
    var verdict = check("I’m sorry, but I can’t write that article.");

    assertThat(verdict).isEqualTo(SafetyVerdict.refused("refusal: 'i'm sorry, but i can't'"));
    assertThat(verdict.failure()).isEqualTo(Optional.of(Failure.of(FailureKind.REFUSED, "refusal: 'i'm sorry, but i can't'")));
  }

  @Test
  void aRefusalThatNamesABlockedTermIsUnsafe() {
    assertThat(check("I cannot help with arson.").outcome()).isEqualTo(SafetyVerdict.Outcome.UNSAFE);
  }

  @Test
  void safeOutputFailsNothingAndNonTextIsNotChecked() {
    assertThat(check("Keep a fire blanket in the kitchen.")).isEqualTo(SafetyVerdict.SAFE);
    assertThat(SafetyVerdict.SAFE.failure()).isEmpty();
    assertThat(filter.check("", Output.of("image/png", "arson".getBytes())).isSafe()).isTrue();
    assertThat(BlocklistSafetyFilter.refusalsOnly().check("", Output.text("arson")).isSafe()).isTrue();
  }

  @Test
  void refusesConfigurationsThatWouldNotWork() {
    assertThatThrownBy(() -> new BlocklistSafetyFilter(List.of("ok", " "), Map.of()))
        .hasMessage("terms[1]: must not be blank");
    assertThatThrownBy(() -> new BlocklistSafetyFilter(List.of(), Map.of("broken", "(unclosed")))
        .hasMessageStartingWith("patterns.broken: not a valid regular expression: Unclosed group near index 9");
    assertThatThrownBy(() -> SafetyVerdict.unsafe(" ")).hasMessage("a UNSAFE verdict needs a reason");
  }
}
