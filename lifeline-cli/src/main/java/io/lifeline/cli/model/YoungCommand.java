package io.lifeline.cli.model;

import io.lifeline.reliability.CheckpointIntervals;
import java.time.Duration;
import picocli.CommandLine.Command;

/** {@code lifeline model young}. */
@Command(name = "young", mixinStandardHelpOptions = true,
    description = "Young's checkpoint interval T = sqrt(2·δ·M), the first-order optimum.")
final class YoungCommand extends IntervalCommand {

  @Override
  String model() {
    return "young";
  }

  @Override
  String formula() {
    return "T = √(2δM)";
  }

  @Override
  Duration interval() {
    return CheckpointIntervals.young(checkpointCost, mtbf);
  }
}
