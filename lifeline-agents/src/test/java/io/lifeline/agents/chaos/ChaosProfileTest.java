package io.lifeline.agents.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChaosProfileTest {

  static final List<String> STEPS = List.of("outline", "draft", "illustrate", "review");

  static List<Optional<ChaosProfile.Plan>> plans(ChaosProfile profile) {
    var plans = new ArrayList<Optional<ChaosProfile.Plan>>();
    for (int job = 1; job <= 100; job++) {
      for (String step : STEPS) {
        for (int attempt = 1; attempt <= 3; attempt++) {
          plans.add(profile.plan(/* run= */ 1_000_000, "job-" + job, step, attempt));
        }
      }
    }
    return plans;
  }

  @Test
  void sameSeedSamePlansAndAnotherSeedOthers() {
    var demo = ChaosProfile.demo();

    assertThat(plans(demo.withSeed(5))).isEqualTo(plans(ChaosProfile.demo().withSeed(5)));
    assertThat(plans(demo.withSeed(5))).isNotEqualTo(plans(demo.withSeed(6)));
  }

  @Test
  void planDoesNotDependOnTheRunNumberUnlessForced() {
    var demo = ChaosProfile.demo();

    for (int job = 0; job < 50; job++) {
      assertThat(demo.plan(1, "job-" + job, "draft", 1)).isEqualTo(demo.plan(77, "job-" + job, "draft", 1));
    }
    assertThat(ChaosProfile.none().forcing(3, Fault.HANG).plan(3, "job-1", "draft", 1))
        .hasValueSatisfying(plan -> assertThat(plan.fault()).isEqualTo(Fault.HANG));
    assertThat(ChaosProfile.none().forcing(3, Fault.HANG).plan(4, "job-1", "draft", 1)).isEmpty();
  }

  @Test
  void demoProfileStrikesEveryFaultInAHundredJobs() {
    var counts = new EnumMap<Fault, Integer>(Fault.class);
    var demo = ChaosProfile.demo();
    for (int job = 1; job <= 100; job++) {
      for (String step : STEPS) {
        var plan = demo.plan(1_000_000, "job-" + job, step, 1);
        // low_quality only takes effect on text steps, drift only on texts of several paragraphs
        plan.filter(p -> p.fault() != Fault.LOW_QUALITY || step.equals("outline") || step.equals("draft"))
            .filter(p -> p.fault() != Fault.DRIFT || step.equals("draft"))
            .ifPresent(p -> counts.merge(p.fault(), 1, Integer::sum));
      }
    }
    assertThat(counts.keySet()).containsExactlyInAnyOrder(Fault.values());
    int faulty = counts.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(faulty).isBetween(40, 120); // about one attempt in five of 400
  }

  @Test
  void midStreamFaultsStrikeAcrossTheTripWindow() {
    var trips = plans(ChaosProfile.none().with(Fault.CRASH, 1.0)).stream()
        .map(plan -> plan.orElseThrow().tripAfter()).distinct().sorted().toList();

    assertThat(trips).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void noneInjectsNothing() {
    assertThat(plans(ChaosProfile.none())).allSatisfy(plan -> assertThat(plan).isEmpty());
  }

  @Test
  void parsesANameWithOverrides() {
    var profile = ChaosProfile.parse("demo, seed=7, crash=0.1, downtime=3s, slowness=PT90S, retryAfter=500ms, lateBy=3s, tripWindow=4, force.3=rate-limited");

    assertThat(profile.seed()).isEqualTo(7);
    assertThat(profile.probability(Fault.CRASH)).isEqualTo(0.1);
    assertThat(profile.probability(Fault.HANG)).isEqualTo(0.02);
    assertThat(profile.downtime()).isEqualTo(Duration.ofSeconds(3));
    assertThat(profile.slowness()).isEqualTo(Duration.ofSeconds(90));
    assertThat(profile.retryAfter()).isEqualTo(Duration.ofMillis(500));
    assertThat(profile.lateBy()).isEqualTo(Duration.ofSeconds(3));
    assertThat(profile.tripWindow()).isEqualTo(4);
    assertThat(profile.forced()).containsEntry(3L, Fault.RATE_LIMITED);
  }

  @Test
  void textFormRoundTrips() {
    var profile = ChaosProfile.demo().withSeed(-3).forcing(10, Fault.OOM).withDowntime(Duration.ofMillis(1500));

    assertThat(ChaosProfile.parse(profile.toString())).isEqualTo(profile);
    assertThat(ChaosProfile.parse("none")).isEqualTo(ChaosProfile.none());
  }

  @Test
  void badSpecsNameTheKeyAndValue() {
    assertThatThrownBy(() -> ChaosProfile.parse("crash=1.5")).hasMessageContaining("crash").hasMessageContaining("1.5");
    assertThatThrownBy(() -> ChaosProfile.parse("crash=0.6,hang=0.6")).hasMessageContaining("sum to at most 1");
    assertThatThrownBy(() -> ChaosProfile.parse("meteor=0.1")).hasMessageContaining("unknown fault 'meteor'");
    assertThatThrownBy(() -> ChaosProfile.parse("downtime=soon")).hasMessageContaining("'downtime': 'soon'");
    assertThatThrownBy(() -> ChaosProfile.parse("wild")).hasMessageContaining("unknown chaos profile 'wild'");
    assertThatThrownBy(() -> ChaosProfile.parse("demo,loud")).hasMessageContaining("'loud' must be key=value");
    assertThatThrownBy(() -> ChaosProfile.parse("force.0=hang")).hasMessageContaining("start at 1");
  }
}
