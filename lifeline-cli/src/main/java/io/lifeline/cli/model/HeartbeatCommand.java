package io.lifeline.cli.model;

import io.lifeline.detect.PhiAccrualConfig;
import io.lifeline.reliability.HeartbeatAdvice;
import io.lifeline.reliability.HeartbeatAdvisor;
import io.lifeline.reliability.SuspicionTarget;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifeline model heartbeat}: phi threshold and pause for targets of false suspicion and detection. */
@Command(name = "heartbeat", mixinStandardHelpOptions = true,
    description = {"Phi-accrual settings that meet a false-suspicion target and a detection target for",
        "heartbeats with a known mean interval and standard deviation (assumed normal)."})
final class HeartbeatCommand extends ModelSubcommand {

  @Option(names = "--mean", required = true, converter = DurationConverter.Positive.class,
      description = "Observed mean time between heartbeats, e.g. 500ms.")
  Duration mean;

  @Option(names = "--stddev", required = true, converter = DurationConverter.NotNegative.class,
      description = "Observed standard deviation of it, e.g. 50ms.")
  Duration stdDeviation;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(names = "--detect-within", required = true, converter = DurationConverter.Positive.class,
      description = "Longest acceptable time from a crash to DEAD, e.g. 3s.")
  Duration detectWithin;

  /** Exactly one way to state the false-suspicion target. */
  static final class Target {
    @Option(names = "--false-suspicion-per-hour", required = true,
        description = "Acceptable false DEAD verdicts per hour of a live agent, e.g. 0.01.")
    Double perHour;

    @Option(names = "--false-suspicion-per-heartbeat", required = true,
        description = "Acceptable probability that one heartbeat interval ends in a false DEAD, e.g. 1e-6.")
    Double perHeartbeat;
  }

  @Override
  Report report() {
    if (!detectWithin.minus(mean).isPositive()) {
      throw invalid("--detect-within must be longer than --mean (%s), was %s",
          Format.duration(mean), Format.duration(detectWithin));
    }
    SuspicionTarget goal = target();
    if (goal.perHeartbeat(mean) > 0.5) {
      throw invalid("the false-suspicion target must be at most 0.5 per heartbeat, was %s at --mean %s",
          Format.number(goal.perHeartbeat(mean)), Format.duration(mean));
    }
    HeartbeatAdvice advice = HeartbeatAdvisor.advise(mean, stdDeviation, goal, detectWithin);
    PhiAccrualConfig config = advice.config();
    var report = new Report()
        .put("mean_seconds", Format.seconds(mean))
        .put("stddev_seconds", Format.seconds(stdDeviation))
        .put("target_per_heartbeat", goal.perHeartbeat(mean))
        .put("detect_within_seconds", Format.seconds(detectWithin))
        .put("conflict", advice.conflict())
        .put("dead_after_seconds", Format.seconds(advice.deadAfter()))
        .put("dead_phi", advice.deadPhi())
        .put("suspect_phi", config.suspectPhi())
        .put("acceptable_pause_seconds", Format.seconds(advice.acceptablePause()))
        .put("min_stddev_seconds", Format.seconds(config.minStdDeviation()))
        .put("false_suspicions_per_heartbeat", advice.falseSuspicionsPerHeartbeat())
        .put("false_suspicions_per_hour", advice.falseSuspicionsPerHour())
        .put("fastest_detection_meeting_target_seconds", Format.seconds(advice.fastestDetection()))
        .put("interval_meeting_both_seconds", advice.intervalMeetingBoth().map(Format::seconds).orElse(null))
        .line("heartbeats every %s ± %s; at most %s false suspicions per heartbeat%s; DEAD within %s",
            Format.duration(mean), Format.duration(stdDeviation), Format.number(goal.perHeartbeat(mean)),
            target.perHour == null ? "" : " (" + Format.number(target.perHour) + " per hour)",
            Format.duration(detectWithin))
        .line("  %-32s deadPhi %s, acceptableHeartbeatPause %s (suspectPhi %s, minStdDeviation %s)",
            "phi detector:", Format.number(advice.deadPhi()), Format.duration(advice.acceptablePause()),
            Format.number(config.suspectPhi()), Format.duration(config.minStdDeviation()))
        .line("  %-32s %s of silence (worst case; add the detector's check interval)", "a crash is DEAD after",
            Format.duration(advice.deadAfter()))
        .line("  %-32s %s per heartbeat, %s per hour (normal intervals)", "false suspicions",
            Format.number(advice.falseSuspicionsPerHeartbeat()), Format.number(advice.falseSuspicionsPerHour()))
        .line("  %-32s %s", "fastest DEAD meeting the target", Format.duration(advice.fastestDetection()));
    if (advice.conflict()) {
      report.line("  CONFLICT: the false-suspicion target needs DEAD after %s, more than --detect-within;",
              Format.duration(advice.fastestDetection()))
          .line("  these settings meet the detection target and miss the false-suspicion one.")
          .line("  %s", advice.intervalMeetingBoth()
              .map(i -> "A heartbeat every " + Format.duration(i) + " would meet both, if the jitter stays "
                  + Format.duration(stdDeviation) + ".")
              .orElse("No heartbeat interval of 1 ms or more meets both at this jitter: reduce the jitter."));
    }
    return report;
  }

  private SuspicionTarget target() {
    if (target.perHour != null) {
      if (!(target.perHour > 0) || target.perHour.isInfinite()) {
        throw invalid("--false-suspicion-per-hour must be positive, was %s", target.perHour);
      }
      return new SuspicionTarget.PerWindow(target.perHour, Duration.ofHours(1));
    }
    if (!(target.perHeartbeat > 0 && target.perHeartbeat <= 0.5)) {
      throw invalid("--false-suspicion-per-heartbeat must be in (0, 0.5], was %s", target.perHeartbeat);
    }
    return new SuspicionTarget.PerHeartbeat(target.perHeartbeat);
  }
}
