package io.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateReportTest {

  @TempDir
  Path dir;

  @Test
  void aReportWithoutCompareComparesBaselineAndLifelineAnyway() throws IOException {
    Path report = dir.resolve("report");
    int code = Main.run("simulate", "--seeds", "2", "--report", report.toString(), "--checkpoint-seeds", "2");
    assertThat(code).isZero();
    String html = Files.readString(report.resolve("index.html"));
    assertThat(html).contains("policies baseline and lifeline")
        .contains("lifeline simulate --seeds 2 --report " + report);
  }

  @Test
  void aReportNeedsASweepAndTwoCheckpointSeeds() {
    String out = dir.resolve("refused").toString();
    assertThat(Main.run("simulate", "--seed", "3", "--report", out)).isEqualTo(2);
    assertThat(Main.run("simulate", "--seeds", "2", "--report", out, "--checkpoint-seeds", "1")).isEqualTo(2);
    assertThat(dir.resolve("refused")).doesNotExist();
  }
}
