package io.lifeline.cli.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowCommandTest {

  static final String NEWSROOM = """
      name: newsroom
      steps:
        - id: outline
          kind: text
          select: {model: small}
        - id: draft
          kind: text
          after: [outline]
        - id: illustrate
          kind: image
          after: [outline]
        - id: review
          kind: evaluator
          after: [draft, illustrate]
      """;

  static final String AGENTS = """
      agents:
        - id: writer-1
          kind: text
          model: small
          provider: acme
          baseUrl: http://localhost:11434   # for the provider agents, ignored here
          concurrency: 4
          mtbf: 10h
          mttr: 5m
        - id: writer-2
          kind: text
          capabilities: {model: large}
          mtbf: 10h
          mttr: 5m
        - id: illustrator
          kind: image
          mtbf: 5h
          mttr: 10m
        - id: critic-1
          kind: evaluator
          mtbf: 20h
          mttr: 1m
        - id: critic-2
          kind: evaluator
          mtbf: 20h
          mttr: 1m
      """;

  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void findsSinglePointsOfFailureTheSuccessProbabilityAndTheBestAddition() throws Exception {
    Path workflow = write("newsroom.yaml", NEWSROOM);
    Path agents = write("agents.yaml", AGENTS);

    var cli = Cli.run("model", "workflow", workflow.toString(), "--agents", agents.toString(), "--horizon", "1h");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains("single points of failure: writer-1 (outline); illustrator (illustrate)")
        .contains("best single addition: a copy of 'illustrator'");

    var json = Cli.run("model", "workflow", workflow.toString(), "--agents", agents.toString(), "--horizon", "1h",
        "--json").json();
    // writer-1 (outline and draft), the illustrator, one of two critics; over 1 h, no repair.
    double writer = Math.exp(-0.1);
    double illustrator = Math.exp(-0.2);
    double critic = Math.exp(-0.05);
    double expected = writer * illustrator * (1 - (1 - critic) * (1 - critic));
    assertThat(json.get("success_probability").asDouble()).isCloseTo(expected, within(1e-12));
    assertThat(json.get("method").asText()).isEqualTo("exact");
    assertThat(json.at("/steps/1/agents").toString()).isEqualTo("[\"writer-1\",\"writer-2\"]");
    assertThat(json.at("/best_addition/copy_of").asText()).isEqualTo("illustrator");
    assertThat(json.at("/best_addition/after").asDouble())
        .isCloseTo(writer * (1 - Math.pow(1 - illustrator, 2)) * (1 - Math.pow(1 - critic, 2)), within(1e-12));
    assertThat(json.get("steady_state_success_probability").asDouble()).isBetween(0.9, 1.0);
  }

  @Test
  void badFilesExitWithTwoNamingTheFileAndTheField() throws Exception {
    Path workflow = write("newsroom.yaml", NEWSROOM);
    Path agents = write("agents.yaml", AGENTS.replace("mtbf: 5h", "mtbf: 5x"));

    var cli = Cli.run("model", "workflow", workflow.toString(), "--agents", agents.toString());
    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err()).contains("agents.yaml: agents[2].mtbf: '5x' is not a duration");

    var missing = Cli.run("model", "workflow", dir.resolve("nope.yaml").toString(), "--agents", agents.toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.yaml").contains("cannot be read: no such file");
  }
}
