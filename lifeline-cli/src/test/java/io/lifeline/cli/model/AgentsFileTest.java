package io.lifeline.cli.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentsFileTest {

  @TempDir Path dir;

  private Path write(String text) throws Exception {
    return Files.writeString(dir.resolve("agents.yaml"), text);
  }

  @Test
  void topLevelModelAndProviderAreCapabilitiesAndOtherKeysAreIgnored() throws Exception {
    var entries = AgentsFile.load(write("""
        agents:
          - id: writer-1
            kind: text
            model: small
            provider: acme
            apiKeyEnv: ACME_KEY
            capabilities: {lang: no, maxTokens: 4096}
            mtbf: 10h
          - id: critic
            kind: evaluator
            mtbf: 1d
            mttr: 90s
        """));

    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).spec().capabilities())
        .isEqualTo(Map.of("model", "small", "provider", "acme", "lang", "no", "maxTokens", "4096"));
    assertThat(entries.get(0).mtbf()).isEqualTo(Duration.ofHours(10));
    assertThat(entries.get(0).mttr()).isEmpty();
    assertThat(entries.get(1).mttr()).isEqualTo(Optional.of(Duration.ofSeconds(90)));
  }

  @Test
  void everyMistakeNamesTheFileAndTheField() throws Exception {
    assertRefused("agents: []", "agents.yaml: agents: must list at least one agent");
    assertRefused("agents: [", "agents.yaml: not valid YAML");
    assertRefused("steps: []", "agents.yaml: agents: required: a list of agents");
    assertRefused("agents:\n  - id: a\n    kind: text\n", "agents.yaml: agents[0].mtbf: required: the mean time between failures, e.g. 10h");
    assertRefused("agents:\n  - kind: text\n    mtbf: 1h\n", "agents.yaml: agents[0].id: required");
    assertRefused("agents:\n  - id: a b\n    kind: text\n    mtbf: 1h\n",
        "agents.yaml: agents[0]: id must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}, was 'a b'");
    assertRefused("agents:\n  - id: a\n    kind: text\n    mtbf: 3600\n",
        "agents.yaml: agents[0].mtbf: '3600' is not a duration (use e.g. 500ms, 60s, 5m, 1h)");
    assertRefused("agents:\n  - id: a\n    kind: text\n    mtbf: 1h\n    mttr: 0s\n",
        "agents.yaml: agents[0].mttr: must be positive, was 0s");
    assertRefused("agents:\n  - {id: a, kind: text, mtbf: 1h}\n  - {id: a, kind: image, mtbf: 1h}\n",
        "agents.yaml: agents[1].id: duplicate agent id 'a' (also agents[0])");
    assertRefused("agents:\n  - {id: a, kind: text, mtbf: 1h, model: small, capabilities: {model: large}}\n",
        "agents.yaml: agents[0].model: 'small' contradicts capabilities.model 'large'");
    assertRefused("agents:\n  - {id: a, kind: text, mtbf: 1h, capabilities: {lang: [en, fr]}}\n",
        "agents.yaml: agents[0].capabilities.lang: must be a text or a number, was [\"en\",\"fr\"]");
    assertRefused("agents:\n  - {id: a, kind: text, mtbf: 1h, mtbf: 2h}\n", "agents.yaml: agents[0].mtbf: repeated key");
  }

  private void assertRefused(String text, String message) throws Exception {
    Path file = write(text);
    assertThatIllegalArgumentException().isThrownBy(() -> AgentsFile.load(file))
        .withMessageStartingWith(dir + "/" + message);
  }
}
