package io.lifeline.cli.model;

import io.lifeline.reliability.CheckpointIntervals;
import java.time.Duration;
import picocli.CommandLine.Command;

/** {@code lifeline model daly}. */
@Command(name = "daly", mixinStandardHelpOptions = true,
    description = "Daly's higher-order checkpoint interval (the optimum of `model completion`'s model).")
final class DalyCommand extends IntervalCommand {

  @Override
  String model() {
    return "daly";
  }

  @Override
  String formula() {
    return "T = √(2δM)·[1 + ⅓√(δ/2M) + ⅑(δ/2M)] − δ  (T = M once δ ≥ 2M)";
  }

  @Override
  Duration interval() {
    return CheckpointIntervals.daly(checkpointCost, mtbf);
  }
}
