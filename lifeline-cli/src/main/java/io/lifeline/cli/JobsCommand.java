package io.lifeline.cli;

import io.lifeline.store.JobState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifeline jobs}: the jobs of a data directory with their states. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List the jobs of a data directory.")
final class JobsCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--data-dir", defaultValue = "lifeline-data", description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--state", description = "Only jobs in this state: ${COMPLETION-CANDIDATES}.")
  JobState state;

  @Option(names = "--limit", defaultValue = "1000", description = "At most this many (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--limit: must be >= 1, was " + limit);
    }
    try (var store = DataDir.openExisting(dataDir, spec.commandLine())) {
      var out = spec.commandLine().getOut();
      out.printf("%-38s %-10s %-10s %8s %9s  %s%n", "JOB", "WORKFLOW", "STATE", "ATTEMPTS", "TIME", "REASON");
      for (var job : store.jobs(Optional.ofNullable(state), limit)) {
        String took = job.finishedAt().map(f -> format(Duration.between(job.submittedAt(), f))).orElse("-");
        out.printf("%-38s %-10s %-10s %8d %9s  %s%n", job.jobId(), job.workflow(), job.state(),
            job.attemptsUsed(), took, job.reason());
      }
      out.println();
      out.println("by state: " + store.countByState());
      out.flush();
    }
    return 0;
  }

  static String format(Duration d) {
    return String.format("%.1fs", d.toMillis() / 1000.0);
  }
}
