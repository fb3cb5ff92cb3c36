package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class RepairableGroupTest {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration HALF_HOUR = Duration.ofMinutes(30);

  @Example
  void oneAgentIsUpMtbfOverMtbfPlusMttrOfTheTime() {
    assertThat(Availability.single(Duration.ofHours(10), Duration.ofMinutes(20)))
        .isCloseTo(30.0 / 31, within(1e-15));
    assertThat(RepairableGroup.independent(1, Duration.ofHours(10), Duration.ofMinutes(20)).availability(1))
        .isCloseTo(30.0 / 31, within(1e-12));
    assertThat(Availability.single(HOUR, Duration.ZERO)).isEqualTo(1.0);
  }

  /** With a crew per agent, agents are independent: the chain gives the binomial of single availabilities. */
  @Property
  void withACrewPerAgentTheChainIsTheBinomialOfSingleAvailabilities(
      @ForAll @IntRange(min = 1, max = 40) int n,
      @ForAll @IntRange(min = 1, max = 40) int k,
      @ForAll @LongRange(min = 1, max = 100_000) long mtbfSeconds,
      @ForAll @LongRange(min = 1, max = 100_000) long mttrSeconds) {
    Assume.that(k <= n);
    Duration mtbf = Duration.ofSeconds(mtbfSeconds);
    Duration mttr = Duration.ofSeconds(mttrSeconds);

    assertThat(Availability.kOutOfN(k, n, mtbf, mttr, n))
        .isCloseTo(KOutOfN.identical(k, n, Availability.single(mtbf, mttr)), within(1e-12));
  }

  /** One crew makes failed agents queue for repair: never better, and worse once two can be down. */
  @Property
  void fewerCrewsNeverRaiseAvailability(
      @ForAll @IntRange(min = 2, max = 30) int n,
      @ForAll @IntRange(min = 1, max = 30) int k,
      @ForAll @IntRange(min = 1, max = 29) int crews,
      @ForAll @LongRange(min = 60, max = 100_000) long mtbfSeconds,
      @ForAll @LongRange(min = 60, max = 100_000) long mttrSeconds) {
    Assume.that(k <= n && crews < n);
    Duration mtbf = Duration.ofSeconds(mtbfSeconds);
    Duration mttr = Duration.ofSeconds(mttrSeconds);
    double fewer = Availability.kOutOfN(k, n, mtbf, mttr, crews);
    double more = Availability.kOutOfN(k, n, mtbf, mttr, crews + 1);

    assertThat(fewer).isLessThanOrEqualTo(more + 1e-12);
  }

  @Example
  void oneCrewIsStrictlyWorseThanIndependentRepair() {
    double one = Availability.kOutOfN(3, 5, HOUR, HALF_HOUR, 1);
    double independent = Availability.kOutOfN(3, 5, HOUR, HALF_HOUR, 5);

    assertThat(independent).isCloseTo(KOutOfN.identical(3, 5, 2.0 / 3), within(1e-12));
    assertThat(one).isLessThan(independent - 0.05);
  }

  @Example
  void availabilityMatchesASimulationOfAgentsAndCrews() {
    for (int crews : new int[] {1, 2, 5}) {
      var random = new SplittableRandom(30 + crews);
      // 40 h is 40 MTBFs and 80 MTTRs: the start (everyone up) is forgotten long before.
      double at = 40 * 3600;
      int trials = 20_000;
      int ok = 0;
      for (int i = 0; i < trials; i++) {
        var shop = new RepairShop(5, 3600, 1800, crews, random);
        while (shop.nextEventAt() <= at) {
          shop.step();
        }
        ok += shop.upCount() >= 3 ? 1 : 0;
      }
      MonteCarlo.assertProportion(ok, trials, Availability.kOutOfN(3, 5, HOUR, HALF_HOUR, crews),
          "3 of 5 available with " + crews + " crews");
    }
  }

  @Example
  void reliabilityWithRepairMatchesASimulation() {
    for (int crews : new int[] {1, 5}) {
      var random = new SplittableRandom(40 + crews);
      double horizon = 24 * 3600;
      int trials = 20_000;
      int survived = 0;
      for (int i = 0; i < trials; i++) {
        var shop = new RepairShop(5, 10 * 3600, 3600, crews, random);
        boolean ok = true;
        while (ok && shop.nextEventAt() <= horizon) {
          shop.step();
          ok = shop.upCount() >= 3;
        }
        survived += ok ? 1 : 0;
      }
      var group = new RepairableGroup(5, Duration.ofHours(10), HOUR, crews);
      MonteCarlo.assertProportion(survived, trials, group.reliability(3, Duration.ofHours(24)),
          "never below 3 of 5 in 24 h with " + crews + " crews");
    }
  }

  @Example
  void reliabilityWithoutTimeIsOneAndWithoutRepairItIsTheBinomialOfSurvivals() {
    var group = RepairableGroup.independent(5, Duration.ofHours(10), Duration.ofMinutes(20));
    assertThat(group.reliability(3, Duration.ZERO)).isEqualTo(1.0);

    // A repair that takes a century changes nothing within a day.
    var neverRepaired = RepairableGroup.independent(5, Duration.ofHours(10), Duration.ofDays(36_500));
    double survival = SeriesReliability.survival(Duration.ofHours(10), Duration.ofHours(24));
    assertThat(neverRepaired.reliability(3, Duration.ofHours(24)))
        .isCloseTo(KOutOfN.identical(3, 5, survival), within(1e-4));
  }

  @Property
  void repairNeverLowersReliabilityBelowTheNoRepairBinomial(
      @ForAll @IntRange(min = 1, max = 12) int n,
      @ForAll @IntRange(min = 1, max = 12) int k,
      @ForAll @IntRange(min = 1, max = 12) int crews,
      @ForAll @LongRange(min = 60, max = 1_000_000) long mtbfSeconds,
      @ForAll @LongRange(min = 1, max = 1_000_000) long mttrSeconds,
      @ForAll @LongRange(min = 0, max = 10_000_000) long horizonSeconds) {
    Assume.that(k <= n && crews <= n);
    var group = new RepairableGroup(n, Duration.ofSeconds(mtbfSeconds), Duration.ofSeconds(mttrSeconds), crews);
    double noRepair = KOutOfN.identical(k, n,
        SeriesReliability.survival(Duration.ofSeconds(mtbfSeconds), Duration.ofSeconds(horizonSeconds)));

    double reliability = group.reliability(k, Duration.ofSeconds(horizonSeconds));
    assertThat(reliability).isBetween(noRepair - 1e-9, 1.0);
    assertThat(reliability).isLessThanOrEqualTo(1.0);
  }

  @Example
  void aLargeGroupStillComputesInLogarithms() {
    double a = Availability.kOutOfN(9_000, 10_000, Duration.ofHours(1), Duration.ofMinutes(6), 10_000);
    assertThat(a).isCloseTo(KOutOfN.identical(9_000, 10_000, 60.0 / 66), within(1e-9));
  }

  @Example
  void invalidInputIsRefusedNamingTheParameter() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RepairableGroup(5, HOUR, HALF_HOUR, 6))
        .withMessage("repairCrews must be between 1 and n (5), was 6");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RepairableGroup(5, HOUR, Duration.ZERO, 1))
        .withMessage("mttr must be positive, was PT0S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RepairableGroup.independent(5, HOUR, HALF_HOUR).availability(0))
        .withMessage("k must be between 1 and n (5), was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RepairableGroup.independent(300, HOUR, HALF_HOUR).reliability(1, HOUR))
        .withMessage("n - k + 1 must be at most 200 for reliability with repair, was 300");
  }
}
