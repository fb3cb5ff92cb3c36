package io.lifeline.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.sim.CheckpointModel;
import io.lifeline.sim.Policy;
import io.lifeline.sim.PolicyComparison;
import io.lifeline.sim.WasteCurve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationReportTest {

  @TempDir
  Path dir;

  @Test
  void writesThePageAndEveryChartItShows() throws IOException {
    var comparison = PolicyComparison.run(1, 3, "mixed", List.of(Policy.BASELINE, Policy.LIFELINE));
    var curve = WasteCurve.measure(CheckpointModel.DEFAULT,
        List.of(Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8)), 1, 3);

    Path index = SimulationReport.write(dir.resolve("report"), comparison, curve, "lifeline simulate --seeds 3 --report report");

    assertThat(index).isEqualTo(dir.resolve("report").resolve(SimulationReport.INDEX));
    String html = Files.readString(index);
    assertThat(html).startsWith("<!doctype html>").contains("</html>").contains("--seeds 3 --report report");
    for (String chart : ReportPage.CHARTS) {
      Path png = index.resolveSibling(chart);
      var image = ImageIO.read(png.toFile());
      assertThat(image).as(chart).isNotNull();
      assertThat(image.getWidth()).as(chart).isGreaterThan(500);
      assertThat(html).contains("<img src=\"" + chart + "\"");
    }
    try (var files = Files.list(index.getParent())) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".png")))
          .as("every chart written is on the page").containsExactlyInAnyOrderElementsOf(ReportPage.CHARTS);
    }
  }

  @Test
  void thePageEscapesWhatItQuotes() {
    assertThat(ReportPage.escape("--scenario \"a<b>&c\"")).isEqualTo("--scenario &quot;a&lt;b&gt;&amp;c&quot;");
  }
}
