package io.lifeline.cli.model;

import io.lifeline.reliability.BoundedRetries;
import io.lifeline.reliability.CheckpointIntervals;
import io.lifeline.reliability.CheckpointedWork;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifeline model completion}: expected time and waste of checkpointed work. */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Expected completion time and waste of a step that checkpoints, when its agents fail",
        "and a new attempt resumes from the last checkpoint (the model Lifeline implements)."})
final class CompletionCommand extends ModelSubcommand {

  @Option(names = "--work", required = true, converter = DurationConverter.Positive.class,
      description = "Failure-free work the step needs, e.g. 2h.")
  Duration work;

  @Option(names = "--mtbf", required = true, converter = DurationConverter.Positive.class,
      description = "Mean time between failures of the agent running it, e.g. 4h.")
  Duration mtbf;

  @Option(names = "--checkpoint-cost", required = true, converter = DurationConverter.Positive.class,
      description = "Time one checkpoint takes, e.g. 2m.")
  Duration checkpointCost;

  @Option(names = "--interval", converter = DurationConverter.Positive.class,
      description = "Work between checkpoints (default: Daly's interval).")
  Duration interval;

  @Option(names = "--restart", defaultValue = "0s", converter = DurationConverter.NotNegative.class,
      description = "Time from a failure to the next attempt running: detection + backoff + dispatch (default: ${DEFAULT-VALUE}).")
  Duration restart;

  @Option(names = "--max-attempts", description = "Attempts of the step in all, as Lifeline's retries + 1 (default: unbounded).")
  Integer maxAttempts;

  @Override
  Report report() {
    if (maxAttempts != null) {
      requireBetween("--max-attempts", maxAttempts, 1, BoundedRetries.MAX_ATTEMPTS,
          Integer.toString(BoundedRetries.MAX_ATTEMPTS));
    }
    Duration every = interval != null ? interval : CheckpointIntervals.daly(checkpointCost, mtbf);
    var model = new CheckpointedWork(work, every, checkpointCost, mtbf, restart);
    var expected = model.expected();
    var bare = new CheckpointedWork(work, work, checkpointCost, mtbf, restart).expected();

    var report = new Report()
        .put("work_seconds", Format.seconds(work))
        .put("mtbf_seconds", Format.seconds(mtbf))
        .put("checkpoint_cost_seconds", Format.seconds(checkpointCost))
        .put("interval_seconds", Format.seconds(every))
        .put("interval_is_daly", interval == null)
        .put("restart_seconds", Format.seconds(restart))
        .put("checkpoints", model.checkpoints())
        .put("expected_completion_seconds", Format.jsonSeconds(expected.completion()))
        .put("expected_waste_seconds", Format.jsonSeconds(expected.waste()))
        .put("expected_checkpointing_seconds", Format.jsonSeconds(expected.checkpointing()))
        .put("expected_restarting_seconds", Format.jsonSeconds(expected.restarting()))
        .put("expected_rework_seconds", Format.jsonSeconds(expected.rework()))
        .put("expected_failures", Double.isFinite(expected.failures()) ? expected.failures() : null)
        .put("expected_completion_without_checkpoints_seconds", Format.jsonSeconds(bare.completion()))
        .line("%s of work, MTBF %s, a %s checkpoint every %s%s, restart %s",
            Format.duration(work), Format.duration(mtbf), Format.duration(checkpointCost),
            Format.duration(every), interval == null ? " (Daly)" : "", Format.duration(restart))
        .line("  %-28s %s (%s over the work)", "expected completion", Format.duration(expected.completion()),
            overhead(expected.waste()))
        .line("  %-28s %s: checkpoints %s, restarts %s, rework %s", "expected waste",
            Format.duration(expected.waste()), Format.duration(expected.checkpointing()),
            Format.duration(expected.restarting()), Format.duration(expected.rework()))
        .line("  %-28s %s", "expected failures", Format.number(expected.failures()))
        .line("  %-28s %s", "without checkpoints", Format.duration(bare.completion()));
    if (maxAttempts != null) {
      var bounded = BoundedRetries.perStep(model, maxAttempts);
      report.put("max_attempts", maxAttempts)
          .put("probability_finished", bounded.probability())
          .put("expected_completion_if_finished_seconds",
              bounded.expectedTimeIfFinished().map(Format::jsonSeconds).orElse(null))
          .line("  with at most %d attempts in all: finishes with probability %s%s", maxAttempts,
              Format.probability(bounded.probability()),
              bounded.expectedTimeIfFinished()
                  .map(t -> ", and then takes " + Format.duration(t) + " on average").orElse(""));
    }
    return report;
  }

  private String overhead(Duration waste) {
    double ratio = Format.seconds(waste) / Format.seconds(work);
    return Double.isFinite(ratio) && ratio < 1e6 ? String.format(Locale.ROOT, "+%.1f%%", 100 * ratio) : "∞";
  }
}
