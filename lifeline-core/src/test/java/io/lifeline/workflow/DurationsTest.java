package io.lifeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
      "500ms, PT0.5S",
      "60s, PT60S",
      "5m, PT5M",
      "1h, PT1H",
      "1h30m, PT1H30M",
      "2d, PT48H",
      "1m30s250ms, PT1M30.25S",
      "0s, PT0S",
      "' 60s ', PT60S",
      "90S, PT90S",
      "PT1M, PT1M",
      "pt0.25s, PT0.25S",
      "P1DT1H, PT25H",
  })
  void readsCompactAndIsoForms(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"60x", "60", "", "ms", "1.5s", "30m1h", "5m5m", "1 h", "1h-30m", "P", "PT", "--5s"})
  void refusesWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text.strip() + "' is not a duration (use e.g. 500ms, 60s, 5m, 1h"
            + (text.startsWith("P") ? ", or ISO-8601 like PT1M)" : ")"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5s", "-1h30m", "PT-1S", "-PT1M"})
  void refusesNegatives(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).hasMessage("must not be negative, was " + text);
  }

  @Test
  void minusZeroIsZero() {
    assertThat(Durations.parse("-0s")).isZero();
  }

  @Test
  void positiveRefusesZero() {
    assertThatThrownBy(() -> Durations.parsePositive("0ms")).hasMessage("must be positive, was 0ms");
    assertThatThrownBy(() -> Durations.parsePositive("PT0S")).hasMessage("must be positive, was PT0S");
    assertThat(Durations.parsePositive("1ms")).isEqualTo(Duration.ofMillis(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999h", "106751991167301d", "9223372036854775807d"})
  void refusesOverflowAsTooLarge(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).hasMessage("'" + text + "' is too large a duration");
  }

  @ParameterizedTest
  @CsvSource({
      "PT0S, 0s",
      "PT0.5S, 500ms",
      "PT90M, 1h30m",
      "PT36H, 1d12h",
      "PT1.5S, 1s500ms",
      "PT0.000001S, PT0.000001S",
      "PT-1S, PT-1S",
  })
  void formatsTheShortestForm(String iso, String text) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
  }

  @Property
  void formatThenParseIsIdentity(@ForAll("nonNegative") Duration d) {
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @Property
  void wholeMillisecondsFormatCompactly(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 1_000_000) long millis) {
    String text = Durations.format(Duration.ofMillis(millis));
    assertThat(text).matches("(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?").isNotEmpty();
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @Property
  void negativesRoundTripToARefusal(@ForAll("nonNegative") Duration d) {
    if (d.isZero()) {
      return;
    }
    assertThatThrownBy(() -> Durations.parse(Durations.format(d.negated())))
        .hasMessageStartingWith("must not be negative, was ");
  }

  @Property
  void anyTextParsesOrIsRefusedWithAMessage(@ForAll("durationish") String text) {
    try {
      assertThat(Durations.parse(text).isNegative()).isFalse();
    } catch (IllegalArgumentException e) {
      assertThat(e).isExactlyInstanceOf(IllegalArgumentException.class);
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<Duration> nonNegative() {
    Arbitrary<Long> seconds = Arbitraries.longs().between(0, Long.MAX_VALUE);
    Arbitrary<Integer> nanos = Arbitraries.oneOf(
        Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
        Arbitraries.integers().between(0, 999_999_999));
    return net.jqwik.api.Combinators.combine(seconds, nanos).as(Duration::ofSeconds);
  }

  @Provide
  Arbitrary<String> durationish() {
    return Arbitraries.strings().withChars("0123456789dhmsDHMSPT.-+ ,").ofMaxLength(24);
  }
}
