package io.lifeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldPathTest {

  @Test
  void spellsPathsAsUsersReadThem() {
    var timeout = FieldPath.ROOT.key("steps").index(1).key("timeout");
    assertThat(timeout).hasToString("steps[1].timeout");
    assertThat(FieldPath.ROOT.key("steps").index(0).key("params").key("max tokens"))
        .hasToString("steps[0].params[\"max tokens\"]");
    assertThat(FieldPath.ROOT.key("a\"b")).hasToString("[\"a\\\"b\"]");
    assertThat(FieldPath.ROOT).hasToString("");
  }

  @Test
  void pathsAreValuesWithParents() {
    var timeout = FieldPath.ROOT.key("steps").index(1).key("timeout");
    assertThat(timeout).isEqualTo(FieldPath.ROOT.key("steps").index(1).key("timeout"));
    assertThat(timeout.parent()).contains(FieldPath.ROOT.key("steps").index(1));
    assertThat(FieldPath.ROOT.parent()).isEmpty();
    assertThat(FieldPath.ROOT.key("steps").parent()).contains(FieldPath.ROOT);
  }
}
