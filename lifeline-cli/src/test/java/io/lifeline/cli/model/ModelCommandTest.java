package io.lifeline.cli.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lifeline.reliability.Availability;
import io.lifeline.reliability.BoundedRetries;
import io.lifeline.reliability.CheckpointIntervals;
import io.lifeline.reliability.CheckpointedWork;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelCommandTest {

  @Test
  void youngRecomputesTheSeedArticlesExample() {
    var cli = Cli.run("model", "young", "--mtbf", "4h", "--checkpoint-cost", "2m");

    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out()).startsWith("Young: checkpoint every 31.0 min");
    var json = Cli.run("model", "young", "--mtbf", "4h", "--checkpoint-cost", "2m", "--json").json();
    assertThat(json.get("interval_seconds").asDouble()).isCloseTo(Math.sqrt(2 * 120 * 14_400), within(1e-6));
  }

  @Test
  void dalyGivesHisPublishedValue() {
    var json = Cli.run("model", "daly", "--mtbf", "24h", "--checkpoint-cost", "5m", "--json").json();

    assertThat(json.get("model").asText()).isEqualTo("daly");
    assertThat(json.get("interval_seconds").asDouble() / 60).isCloseTo(117, within(1.0));
  }

  @Test
  void kofnGivesAvailabilityAndReliabilityOverTheHorizon() {
    var cli = Cli.run("model", "kofn", "--n", "5", "--k", "3", "--mtbf", "10h", "--mttr", "20m");
    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out()).contains("at least 3 available").contains("never fewer than 3 up in 24.00 h");

    var independent = Cli.run("model", "kofn", "--n", "5", "--k", "3", "--mtbf", "10h", "--mttr", "20m", "--json").json();
    var oneCrew = Cli.run("model", "kofn", "--n", "5", "--k", "3", "--mtbf", "10h", "--mttr", "20m",
        "--repair-crews", "1", "--horizon", "8h", "--json").json();
    assertThat(independent.get("availability").asDouble())
        .isCloseTo(Availability.kOutOfN(3, 5, Duration.ofHours(10), Duration.ofMinutes(20), 5), within(1e-15));
    assertThat(independent.get("repair_crews").asInt()).isEqualTo(5);
    assertThat(oneCrew.get("availability").asDouble()).isLessThan(independent.get("availability").asDouble());
    assertThat(oneCrew.get("horizon_seconds").asDouble()).isEqualTo(8 * 3600);
    assertThat(oneCrew.get("reliability_with_repair").asDouble())
        .isGreaterThan(oneCrew.get("reliability_without_repair").asDouble());
  }

  @Test
  void seriesMultipliesSurvivals() {
    var json = Cli.run("model", "series", "--mtbf", "10h", "--mtbf", "20h", "--horizon", "1h", "--json").json();

    assertThat(json.get("reliability").asDouble()).isCloseTo(Math.exp(-0.15), within(1e-15));
    assertThat(json.get("series_mtbf_seconds").asDouble()).isCloseTo(24_000, within(1e-6));
  }

  @Test
  void completionDefaultsToDalysIntervalAndBoundsAttemptsPerStep() {
    var json = Cli.run("model", "completion", "--work", "2h", "--mtbf", "4h", "--checkpoint-cost", "2m",
        "--restart", "30s", "--max-attempts", "4", "--json").json();

    Duration daly = CheckpointIntervals.daly(Duration.ofMinutes(2), Duration.ofHours(4));
    var model = new CheckpointedWork(Duration.ofHours(2), daly, Duration.ofMinutes(2), Duration.ofHours(4),
        Duration.ofSeconds(30));
    assertThat(json.get("interval_is_daly").asBoolean()).isTrue();
    assertThat(json.get("checkpoints").asLong()).isEqualTo(4);
    assertThat(json.get("expected_completion_seconds").asDouble())
        .isCloseTo(Format.seconds(model.expected().completion()), within(1e-6));
    assertThat(json.get("probability_finished").asDouble())
        .isCloseTo(BoundedRetries.perStep(model, 4).probability(), within(1e-15));

    var human = Cli.run("model", "completion", "--work", "2h", "--mtbf", "4h", "--checkpoint-cost", "2m",
        "--interval", "30m");
    assertThat(human.out()).contains("every 30.0 min,").contains("expected waste").doesNotContain("attempts");
  }

  @Test
  void heartbeatAdvisesAndSaysWhenTheTargetsConflict() {
    var fine = Cli.run("model", "heartbeat", "--mean", "500ms", "--stddev", "50ms",
        "--false-suspicion-per-hour", "0.01", "--detect-within", "3s", "--json").json();
    assertThat(fine.get("conflict").asBoolean()).isFalse();
    assertThat(fine.get("dead_phi").asDouble()).isEqualTo(8.0);
    assertThat(fine.get("acceptable_pause_seconds").asDouble()).isCloseTo(1.9774, within(1e-4));
    assertThat(fine.get("interval_meeting_both_seconds").isNull()).isTrue();

    var conflict = Cli.run("model", "heartbeat", "--mean", "500ms", "--stddev", "150ms",
        "--false-suspicion-per-hour", "0.01", "--detect-within", "1s");
    assertThat(conflict.exitCode()).isZero();
    assertThat(conflict.out()).contains("CONFLICT").contains("A heartbeat every 279 ms would meet both");

    var perHeartbeat = Cli.run("model", "heartbeat", "--mean", "500ms", "--stddev", "100ms",
        "--false-suspicion-per-heartbeat", "1e-3", "--detect-within", "850ms", "--json").json();
    assertThat(perHeartbeat.get("false_suspicions_per_heartbeat").asDouble()).isCloseTo(2.326e-4, within(1e-7));
  }

  @Test
  void badOptionsExitWithTwoAndNameTheOptionAndTheRule() {
    assertRefused(new String[] {"model", "kofn", "--n", "5", "--k", "7", "--mtbf", "10h", "--mttr", "20m"},
        "--k must be between 1 and --n (5), was 7");
    assertRefused(new String[] {"model", "kofn", "--n", "5", "--k", "3", "--mtbf", "10h", "--mttr", "20m",
        "--repair-crews", "0"}, "--repair-crews must be between 1 and --n (5), was 0");
    assertRefused(new String[] {"model", "young", "--mtbf", "4x", "--checkpoint-cost", "2m"},
        "Invalid value for option '--mtbf': '4x' is not a duration (use e.g. 500ms, 60s, 5m, 1h)");
    assertRefused(new String[] {"model", "daly", "--mtbf", "0s", "--checkpoint-cost", "2m"},
        "Invalid value for option '--mtbf': must be positive, was 0s");
    assertRefused(new String[] {"model", "completion", "--work", "2h", "--mtbf", "4h", "--checkpoint-cost", "2m",
        "--max-attempts", "0"}, "--max-attempts must be between 1 and 1000000, was 0");
    assertRefused(new String[] {"model", "heartbeat", "--mean", "500ms", "--stddev", "50ms",
        "--false-suspicion-per-hour", "0.01", "--detect-within", "400ms"},
        "--detect-within must be longer than --mean (500 ms), was 400 ms");
    assertRefused(new String[] {"model", "heartbeat", "--mean", "500ms", "--stddev", "50ms",
        "--false-suspicion-per-hour", "0.01", "--false-suspicion-per-heartbeat", "1e-6", "--detect-within", "3s"},
        "mutually exclusive");
    assertRefused(new String[] {"model", "heartbeat", "--mean", "500ms", "--stddev", "50ms",
        "--false-suspicion-per-heartbeat", "0.7", "--detect-within", "3s"},
        "--false-suspicion-per-heartbeat must be in (0, 0.5], was 0.7");
    assertRefused(new String[] {"model", "series", "--horizon", "1h"}, "Missing required option: '--mtbf");
  }

  private static void assertRefused(String[] args, String message) {
    var cli = Cli.run(args);
    assertThat(cli.exitCode()).as(String.join(" ", args)).isEqualTo(2);
    assertThat(cli.err()).contains(message);
    assertThat(cli.out()).isEmpty();
  }
}
