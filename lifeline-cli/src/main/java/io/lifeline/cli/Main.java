package io.lifeline.cli;

import io.lifeline.cli.demo.DemoCommand;
import io.lifeline.cli.model.ModelCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lifeline} command. */
@Command(
    name = "lifeline",
    mixinStandardHelpOptions = true,
    version = "lifeline 0.1.0",
    description = "A fault-tolerant runtime for multi-agent AI content generation.",
    subcommands = {DemoCommand.class, RunCommand.class, JobsCommand.class, HistoryCommand.class,
        SimulateCommand.class, ModelCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("lifeline: " + e.getMessage());
          return 2;
        })
        .execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
