package io.lifeline.agents.assemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.agents.FakeAttemptContext;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssemblerAgentTest {

  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

  @TempDir Path dir;

  static Output text(String text, String mode) {
    return new Output("text/markdown", text.getBytes(StandardCharsets.UTF_8), Map.of("mode", mode), Usage.NONE);
  }

  static FakeAttemptContext assemble(String jobId) {
    return new FakeAttemptContext().ids(jobId, "assemble", 1)
        .jobInput("topic", "Lighthouses")
        .input("outline", text("- The origins of lighthouses\n- Keepers", "outline"))
        .input("write", text("Lighthouses stand on the coast. Keepers tend them.", "draft"))
        .input("illustrate", new Output("image/png", PNG, Map.of("title", "Lighthouses"), Usage.NONE))
        .input("review", new Output("application/json", "{}".getBytes(StandardCharsets.UTF_8),
            Map.of("score", "0.87", "reason", "ok: 9 words"), Usage.NONE));
  }

  AssemblerAgent agent() {
    return new AssemblerAgent(AgentSpec.of("assembler-1", "assembler"), dir);
  }

  @Test
  void writesTheArticleAndItsIllustrationUnderTheJobsDirectory() throws Exception {
    var output = agent().run(assemble("job-1"));

    Path article = dir.resolve("job-1").resolve("article.md");
    assertThat(Files.readAllBytes(dir.resolve("job-1").resolve("illustration.png"))).isEqualTo(PNG);
    assertThat(Files.readString(article)).isEqualTo("""
        # Lighthouses

        ## Outline

        - The origins of lighthouses
        - Keepers

        ![Lighthouses](illustration.png)

        ## Article

        Lighthouses stand on the coast. Keepers tend them.

        ---

        *Review score 0.87: ok: 9 words*
        """);
    assertThat(output.mediaType()).isEqualTo("text/markdown");
    assertThat(output.metadata()).containsEntry("path", article.toString()).containsEntry("reviewScore", "0.87");
  }

  @Test
  void runningTheSameJobAgainLeavesIdenticalFilesAndNoTemporaries() throws Exception {
    agent().run(assemble("job-1"));
    byte[] first = Files.readAllBytes(dir.resolve("job-1").resolve("article.md"));
    Files.writeString(dir.resolve("job-1").resolve("article.md"), "half a file from an earlier crash");

    var again = agent().run(assemble("job-1").ids("job-1", "assemble", 2));

    assertThat(Files.readAllBytes(dir.resolve("job-1").resolve("article.md"))).isEqualTo(first);
    try (Stream<Path> files = Files.list(dir.resolve("job-1"))) {
      assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("article.md", "illustration.png");
    }
    assertThat(again.text()).isEqualTo(agent().run(assemble("job-1")).text());
  }

  @Test
  void worksWithoutOptionalParts() throws Exception {
    var context = new FakeAttemptContext().ids("job-2", "assemble", 1).prompt("Railways and time")
        .input("draft", Output.text("Trains keep time."));

    agent().run(context);

    assertThat(Files.readString(dir.resolve("job-2").resolve("article.md")))
        .isEqualTo("# Railways and time\n\n## Article\n\nTrains keep time.\n");
    assertThat(dir.resolve("job-2").resolve("illustration.png")).doesNotExist();
  }

  @Test
  void refusesAJobIdThatIsNotASafeDirectoryName() {
    assertThatThrownBy(() -> agent().run(assemble("..")))
        .isInstanceOfSatisfying(AgentFailureException.class,
            e -> assertThat(e.failure().kind()).isEqualTo(FailureKind.PERMANENT))
        .hasMessageContaining("job id").hasMessageContaining("'..'");
    assertThatThrownBy(() -> agent().run(assemble("a/../../etc"))).isInstanceOf(AgentFailureException.class);
  }

  @Test
  void aStepWithoutADraftIsAPermanentFailure() {
    var context = new FakeAttemptContext().ids("job-3", "assemble", 1)
        .input("outline", text("- A", "outline"));

    assertThatThrownBy(() -> agent().run(context))
        .isInstanceOfSatisfying(AgentFailureException.class,
            e -> assertThat(e.failure().kind()).isEqualTo(FailureKind.PERMANENT))
        .hasMessageContaining("no draft among inputs [outline]");
  }
}
