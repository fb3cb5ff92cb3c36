package io.lifeline.cli.model;

import io.lifeline.reliability.CheckpointIntervals;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code lifeline model young|daly}: how often to checkpoint, from δ and M. */
abstract class IntervalCommand extends ModelSubcommand {

  @Option(names = "--mtbf", required = true, converter = DurationConverter.Positive.class,
      description = "Mean time between failures M, e.g. 4h.")
  Duration mtbf;

  @Option(names = "--checkpoint-cost", required = true, converter = DurationConverter.Positive.class,
      description = "Time one checkpoint takes, δ, e.g. 2m.")
  Duration checkpointCost;

  /** The model's name, as in the command. */
  abstract String model();

  /** The formula in words, for the human answer. */
  abstract String formula();

  abstract Duration interval();

  @Override
  final Report report() {
    Duration interval = interval();
    Duration young = CheckpointIntervals.young(checkpointCost, mtbf);
    Duration daly = CheckpointIntervals.daly(checkpointCost, mtbf);
    return new Report()
        .put("model", model())
        .put("mtbf_seconds", Format.seconds(mtbf))
        .put("checkpoint_cost_seconds", Format.seconds(checkpointCost))
        .put("interval_seconds", Format.seconds(interval))
        .put("young_seconds", Format.seconds(young))
        .put("daly_seconds", Format.seconds(daly))
        .line("%s: checkpoint every %s", capitalized(model()), Format.duration(interval))
        .line("  %s, with checkpoint cost δ = %s and MTBF M = %s", formula(),
            Format.duration(checkpointCost), Format.duration(mtbf))
        .line("  (Young %s, Daly %s; `lifeline model completion` gives the time and waste)",
            Format.duration(young), Format.duration(daly));
  }

  private static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
