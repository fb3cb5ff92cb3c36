package io.lifeline.agents.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class KeywordsTest {

  @Test
  void dropsStopAndInstructionWordsAndRanksByFrequency() {
    var keywords = Keywords.of("Write a short article about the railway: how the railway changed towns", 8);

    assertThat(keywords).containsExactly("railway", "changed", "towns");
  }

  @Test
  void mentionsAllowsPluralAndPossessive() {
    var words = Set.copyOf(Keywords.words("The keepers' lamps and the sea's temper"));

    assertThat(Keywords.mentions(words, "lamp")).isTrue();
    assertThat(Keywords.mentions(words, "sea")).isTrue();
    assertThat(Keywords.mentions(words, "storm")).isFalse();
  }
}
