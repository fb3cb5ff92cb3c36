package io.lifeline.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class BackoffTest {

  private static final Duration BASE = Duration.ofMillis(500);
  private static final Duration CAP = Duration.ofSeconds(30);

  @Property
  void neverNegativeNeverAboveTheCeilingOrTheCap(
      @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int retryNumber,
      @ForAll("durations") Duration base,
      @ForAll("durations") Duration cap,
      @ForAll long seed) {
    Duration delay = Backoff.delay(retryNumber, base, cap, new SplittableRandom(seed));

    assertThat(delay.isNegative()).as("negative: %s", delay).isFalse();
    assertThat(delay).isLessThanOrEqualTo(cap);
    assertThat(delay).isLessThanOrEqualTo(Backoff.ceiling(retryNumber, base, cap));
  }

  @Property
  void theSameSeedGivesTheSameDelays(
      @ForAll @IntRange(min = 1, max = 100) int retryNumber, @ForAll long seed) {
    SplittableRandom first = new SplittableRandom(seed);
    SplittableRandom second = new SplittableRandom(seed);

    for (int i = 0; i < 5; i++) {
      assertThat(Backoff.delay(retryNumber + i, BASE, CAP, first))
          .isEqualTo(Backoff.delay(retryNumber + i, BASE, CAP, second));
    }
  }

  @Property
  void theCeilingNeverShrinksAsRetriesGoOn(
      @ForAll @IntRange(min = 1, max = 200) int retryNumber,
      @ForAll("durations") Duration base,
      @ForAll("durations") Duration cap) {
    assertThat(Backoff.ceiling(retryNumber + 1, base, cap))
        .isGreaterThanOrEqualTo(Backoff.ceiling(retryNumber, base, cap));
  }

  @Provide
  Arbitrary<Duration> durations() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, Long.MAX_VALUE).map(Duration::ofNanos),
        Arbitraries.longs().between(0, 3_600_000).map(Duration::ofMillis),
        Arbitraries.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofDays(365L * 10_000)));
  }

  @Example
  void theCeilingDoublesFromBaseUpToTheCap() {
    assertThat(IntStream.rangeClosed(1, 8).mapToObj(n -> Backoff.ceiling(n, BASE, CAP)))
        .containsExactly(
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16),
            Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  @Example
  void hugeRetryNumbersAndDurationsSaturateInsteadOfOverflowing() {
    assertThat(Backoff.ceiling(Integer.MAX_VALUE, BASE, CAP)).isEqualTo(CAP);
    assertThat(Backoff.ceiling(64, Duration.ofNanos(1), Duration.ofDays(365L * 1_000)))
        .isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    assertThat(Backoff.ceiling(63, Duration.ofNanos(1), Duration.ofDays(365L * 1_000)))
        .isEqualTo(Duration.ofNanos(1L << 62));
    assertThat(Backoff.ceiling(1, Duration.ofDays(365L * 1_000), Duration.ofDays(365L * 2_000)))
        .isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
  }

  @Example
  void aZeroBaseOrCapMeansNoWait() {
    assertThat(Backoff.delay(40, Duration.ZERO, CAP, new SplittableRandom(1))).isZero();
    assertThat(Backoff.delay(3, BASE, Duration.ZERO, new SplittableRandom(1))).isZero();
  }

  @Example
  void delaysSpreadUniformlyOverTheWholeRange() {
    SplittableRandom random = new SplittableRandom(7);
    double meanMillis =
        IntStream.range(0, 20_000)
            .mapToLong(i -> Backoff.delay(4, BASE, CAP, random).toMillis())
            .average()
            .orElseThrow();

    // Full jitter: uniform on [0, 4 s), so the mean is 2 s, not 4 s or 3 s (equal jitter).
    assertThat(meanMillis).isCloseTo(2_000, within(40.0));
  }

  @Example
  void invalidArgumentsAreRefusedNamingTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Backoff.ceiling(0, BASE, CAP))
        .withMessage("retryNumber must be >= 1, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Backoff.ceiling(1, Duration.ofMillis(-1), CAP))
        .withMessage("base must not be negative, was PT-0.001S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Backoff.delay(1, BASE, Duration.ofSeconds(-1), new SplittableRandom(1)))
        .withMessage("cap must not be negative, was PT-1S");
  }
}
