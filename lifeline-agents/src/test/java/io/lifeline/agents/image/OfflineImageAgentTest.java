package io.lifeline.agents.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.agents.FakeAttemptContext;
import io.lifeline.time.Sleeper;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class OfflineImageAgentTest {

  private final OfflineImageAgent agent =
      new OfflineImageAgent(AgentSpec.of("painter-1", "image"), 3, Duration.ZERO, Sleeper.system());

  static FakeAttemptContext illustrate(String prompt) {
    return new FakeAttemptContext().ids("job-1", "illustrate", 1).prompt(prompt);
  }

  static BufferedImage read(Output output) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(output.content()));
  }

  @Test
  void rendersAPngOfTheDefaultSizeAndHeartbeatsPerLayer() throws Exception {
    var context = illustrate("Lighthouses of the northern coast");
    var output = agent.run(context);

    assertThat(output.mediaType()).isEqualTo("image/png");
    var image = read(output);
    assertThat(image.getWidth()).isEqualTo(512);
    assertThat(image.getHeight()).isEqualTo(320);
    assertThat(context.heartbeats()).isGreaterThanOrEqualTo(8);
    assertThat(output.metadata()).containsEntry("title", "Lighthouses of the northern coast");
  }

  @Test
  void honoursWidthHeightAndTheSmallVariant() throws Exception {
    var sized = read(agent.run(illustrate("Rail").param("width", "300").param("height", "200")));
    var small = agent.run(illustrate("Rail").param("size", "small"));

    assertThat(sized.getWidth()).isEqualTo(300);
    assertThat(sized.getHeight()).isEqualTo(200);
    assertThat(read(small).getWidth()).isEqualTo(256);
    assertThat(read(small).getHeight()).isEqualTo(160);
    assertThat(small.metadata()).containsEntry("size", "small");
  }

  @Test
  void samePromptSamePictureAndAnotherPromptAnother() throws Exception {
    byte[] once = agent.run(illustrate("The sea at night")).content();

    assertThat(agent.run(illustrate("The sea at night").ids("job-2", "illustrate", 4)).content()).isEqualTo(once);
    assertThat(agent.run(illustrate("The sea at dawn")).content()).isNotEqualTo(once);
  }

  @Test
  void drawsMoreThanAFlatGround() throws Exception {
    var image = read(agent.run(illustrate("Gardens in winter")));

    var colours = new java.util.HashSet<Integer>();
    for (int x = 0; x < image.getWidth(); x += 8) {
      for (int y = 0; y < image.getHeight(); y += 8) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertThat(colours).hasSizeGreaterThan(50);
  }

  @Test
  void badSizeIsAPermanentFailureNamingTheParam() {
    assertThatThrownBy(() -> agent.run(illustrate("x").param("width", "huge")))
        .isInstanceOfSatisfying(AgentFailureException.class,
            e -> assertThat(e.failure().kind()).isEqualTo(FailureKind.PERMANENT))
        .hasMessageContaining("param 'width'").hasMessageContaining("'huge'");
    assertThatThrownBy(() -> agent.run(illustrate("x").param("size", "tiny")))
        .hasMessageContaining("param 'size'");
  }

  @Test
  void stopsWhenCancelled() {
    var context = illustrate("Cities").cancelAfterHeartbeats(2);

    assertThatThrownBy(() -> agent.run(context)).isInstanceOf(CancellationException.class);
    assertThat(context.heartbeats()).isEqualTo(2);
  }
}
