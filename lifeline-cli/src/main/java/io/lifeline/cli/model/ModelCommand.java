package io.lifeline.cli.model;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lifeline model …}: the reliability models of {@code io.lifeline.reliability}. */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = "Reliability models: checkpoint intervals, k-of-n and series reliability, completion time, "
        + "heartbeat settings, workflow weak points.",
    subcommands = {YoungCommand.class, DalyCommand.class, KofnCommand.class, SeriesCommand.class,
        CompletionCommand.class, HeartbeatCommand.class, WorkflowCommand.class})
public final class ModelCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
