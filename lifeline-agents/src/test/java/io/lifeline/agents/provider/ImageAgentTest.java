package io.lifeline.agents.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeline.agents.FakeAttemptContext;
import io.lifeline.agents.provider.health.ProviderHealth;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ImageAgentTest {

  static final String KEY = "sk-img-77aa";

  final ProviderAgents agents = new ProviderAgents(ProviderHealth.system());
  final FakeProvider provider = FakeProvider.images();

  @AfterEach
  void close() {
    agents.close();
    provider.close();
  }

  Agent agent() {
    var spec = new AgentSpec("painter", "image", Map.of("provider", "openai-images", "model", "img-1"), 0.04, 1);
    return agents.create(new ProviderAgentConfig(spec, ProviderType.OPENAI_IMAGES, URI.create(provider.baseUrl()),
        "img-1", Optional.of(Secret.of(KEY)), 0, Duration.ofSeconds(5), Duration.ofSeconds(5), OptionalInt.empty(),
        OptionalDouble.empty(), Optional.of("512x512"), OptionalInt.empty()));
  }

  static byte[] png() throws Exception {
    var out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }

  @Test
  void generatesAPngThroughTheImagesEndpoint() throws Exception {
    byte[] png = png();
    provider.then(FakeProvider.image(png));
    var context = new FakeAttemptContext().prompt("A lighthouse at dusk");
    Output output = agent().run(context);

    assertThat(output.mediaType()).isEqualTo("image/png");
    assertThat(output.content()).isEqualTo(png);
    assertThat(output.metadata()).containsEntry("size", "512x512").containsEntry("revisedPrompt", "a lighthouse at dusk")
        .containsEntry("model", "img-1");
    assertThat(output.usage().cost()).isEqualTo(0.04);
    var request = provider.requests().getFirst();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/images/generations");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo("job-1/draft/1");
    assertThat(provider.bodies().getFirst()).contains("\"response_format\":\"b64_json\"", "\"size\":\"512x512\"",
        "\"prompt\":\"A lighthouse at dusk\"", "\"model\":\"img-1\"");
    assertThat(context.heartbeats()).isPositive();
  }

  @Test
  void aFallbackVariantsWidthAndHeightSetTheSize() throws Exception {
    provider.then(FakeProvider.image(png()));
    agent().run(new FakeAttemptContext().prompt("x").param("width", "256").param("height", "128"));
    assertThat(provider.bodies().getFirst()).contains("\"size\":\"256x128\"");
  }

  @Test
  void aSafetyRejectionIsUnsafeAndAKeyInTheBodyIsRedacted() {
    provider.then(FakeProvider.error(400, "{\"error\":{\"message\":\"Your request was rejected by our safety system ("
        + KEY + ")\",\"type\":\"image_generation_user_error\",\"code\":\"content_policy_violation\"}}"));
    var failure = catchThrowableOfType(AgentFailureException.class, () -> agent().run(new FakeAttemptContext().prompt("x")))
        .failure();
    assertThat(failure.kind()).isEqualTo(FailureKind.UNSAFE);
    assertThat(failure.message()).doesNotContain(KEY).contains("***");
  }

  @Test
  void somethingThatIsNotAnImageIsInvalidOutput() {
    provider.then(FakeProvider.image("<html>oops</html>".getBytes()));
    var failure = catchThrowableOfType(AgentFailureException.class, () -> agent().run(new FakeAttemptContext().prompt("x")))
        .failure();
    assertThat(failure.kind()).isEqualTo(FailureKind.INVALID_OUTPUT);
  }

  @Test
  void aRateLimitIsRateLimited() {
    provider.then(FakeProvider.error(429, "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"slow\"}}",
        "retry-after-ms", "2500"));
    var failure = catchThrowableOfType(AgentFailureException.class, () -> agent().run(new FakeAttemptContext().prompt("x")))
        .failure();
    assertThat(failure.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(failure.retryAfter()).contains(Duration.ofMillis(2500));
  }

  @Test
  void mediaTypesAreToldByMagicBytes() throws Exception {
    assertThat(ImageAgent.mediaType(png())).contains("image/png");
    assertThat(ImageAgent.mediaType(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0})).contains("image/jpeg");
    assertThat(ImageAgent.mediaType("RIFF....WEBPVP8 ".getBytes())).contains("image/webp");
    assertThat(ImageAgent.mediaType("GIF89a".getBytes())).isEmpty();
  }
}
