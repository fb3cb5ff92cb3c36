package io.lifeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.model.Output;
import io.lifeline.quality.SafetyVerdict;
import io.lifeline.workflow.InvalidWorkflowException;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class SafetyFileTest {

  static final String POLICY = """
      blocklist:
        - arson
        - credit card dump
      patterns:
        card-number: '\\b(?:\\d[ -]?){13,16}\\b'
      """;

  static SafetyVerdict check(String policy, String text) {
    return SafetyFile.parse(policy, "safety.yaml").check("prompt", Output.text(text));
  }

  @Test
  void blocksTermsAndPatternsAndStillDetectsRefusals() {
    assertThat(check(POLICY, "A short history of Arson.").reason()).isEqualTo("blocked term 'arson'");
    assertThat(check(POLICY, "Sold: a credit  card\ndump.").reason()).isEqualTo("blocked term 'credit card dump'");
    assertThat(check(POLICY, "Pay with 4111 1111 1111 1111 today").reason()).isEqualTo("blocked pattern 'card-number'");
    assertThat(check(POLICY, "I'm sorry, but I can't help with that.").outcome()).isEqualTo(SafetyVerdict.Outcome.REFUSED);
    assertThat(check(POLICY, "Tides follow the moon.")).isEqualTo(SafetyVerdict.SAFE);
  }

  @Test
  void readsJsonAndEitherKeyAlone() {
    assertThat(SafetyFile.parse("{\"patterns\": {\"ssn\": \"\\\\d{3}-\\\\d{2}-\\\\d{4}\"}}", "safety.json")
        .check("p", Output.text("id 123-45-6789")).reason()).isEqualTo("blocked pattern 'ssn'");
    assertThat(check("blocklist: [arson]", "Parsons wrote it.")).isEqualTo(SafetyVerdict.SAFE);
  }

  static AbstractThrowableAssert<?, ?> refused(String policy) {
    return assertThatThrownBy(() -> SafetyFile.parse(policy, "safety.yaml")).isInstanceOf(InvalidWorkflowException.class);
  }

  @Test
  void badPoliciesAreRefusedNamingTheFieldTheRuleAndTheLine() {
    refused("blocklist: [arson, '  ']").hasMessage(
        "safety.yaml: blocklist[1]: must be a non-empty string, was '  ' (line 1, column 20)");
    refused("blocklist: arson").hasMessageContaining("blocklist: must be a list of words or phrases, was 'arson'");
    refused("patterns:\n  card: '[0-9'\n").hasMessageContaining("safety.yaml: patterns.card: not a valid regular expression:")
        .hasMessageContaining("(line 2");
    refused("patterns: [a]").hasMessageContaining("patterns: must be a map of names to values, was a list");
    refused("blocklst: [arson]").hasMessageContaining("blocklst: unknown field (did you mean blocklist?)");
    refused("{}").hasMessageContaining("must set blocklist or patterns");
    refused("- arson").hasMessageContaining("a safety policy must be a map with fields blocklist, patterns");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> SafetyFile.load(Path.of("/nonexistent/safety.yaml")))
        .hasMessage("/nonexistent/safety.yaml: cannot be read: no such file");
  }
}
