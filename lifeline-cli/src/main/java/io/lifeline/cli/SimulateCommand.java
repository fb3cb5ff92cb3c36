package io.lifeline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lifeline.sim.CheckpointModel;
import io.lifeline.sim.InvariantChecker;
import io.lifeline.sim.Policy;
import io.lifeline.sim.PolicyComparison;
import io.lifeline.sim.RunStats;
import io.lifeline.sim.Scenario;
import io.lifeline.sim.SeedSweep;
import io.lifeline.sim.Simulation;
import io.lifeline.sim.WasteCurve;
import io.lifeline.sim.report.SimulationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifeline simulate}: seeded fault schedules against the real coordinator. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run the real coordinator under seeded fault schedules and check its invariants.")
final class SimulateCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--seeds", defaultValue = "100", description = "How many seeds to run (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--first-seed", defaultValue = "1", description = "The first seed of the sweep (default: ${DEFAULT-VALUE}).")
  long firstSeed;

  @Option(names = "--seed", description = "Run this one seed (with --trace to write its full trace).")
  Long seed;

  @Option(names = "--scenario", defaultValue = "mixed",
      description = "mixed, crash, hang, flaky, ratelimit, oom, quality, gc, partition, coordinator-crash, calm, fanout,"
          + " or all (default: ${DEFAULT-VALUE}).")
  String scenario;

  @Option(names = "--policy", defaultValue = "lifeline", description = "lifeline or baseline (default: ${DEFAULT-VALUE}).")
  String policy;

  @Option(names = "--compare", split = ",", description = "Compare policies on the same seeds, e.g. baseline,lifeline.")
  List<String> compare;

  @Option(names = "--trace", description = "With --seed: write the run's full trace here.")
  Path trace;

  @Option(names = "--json", description = "Also write the outcome as JSON.")
  Path json;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Write an HTML report with charts to DIR/index.html. Runs the comparison (--compare, "
          + "baseline,lifeline if not given) and the checkpoint-interval experiment.")
  Path report;

  @Option(names = "--checkpoint-seeds", defaultValue = "300",
      description = "With --report: seeds per interval of the checkpoint-interval experiment (default: ${DEFAULT-VALUE}).")
  int checkpointSeeds;

  @Override
  public Integer call() throws IOException {
    var out = spec.commandLine().getOut();
    if (!scenario.equals("all")) {
      parse(() -> Scenario.named(scenario), "--scenario");
    }
    if (seeds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--seeds: must be >= 1, was " + seeds);
    }
    if (report != null) {
      if (seed != null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--report: covers a sweep; use --first-seed " + seed + " --seeds 1 instead of --seed");
      }
      if (checkpointSeeds < 2) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--checkpoint-seeds: must be >= 2, was " + checkpointSeeds);
      }
    }
    if (compare != null || report != null) {
      return compare(out);
    }
    Policy chosen = parse(() -> Policy.parse(policy), "--policy");
    if (seed != null) {
      return single(out, chosen);
    }
    if (trace != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--trace: needs --seed");
    }
    return sweep(out, chosen);
  }

  private int single(java.io.PrintWriter out, Policy chosen) throws IOException {
    String name = scenario.equals("all") ? Scenario.NAMES.get((int) Math.floorMod(seed - 1, (long) Scenario.NAMES.size())) : scenario;
    var run = Simulation.run(seed, Scenario.named(name), chosen);
    var violations = InvariantChecker.check(run);
    if (trace != null) {
      Files.writeString(trace, run.traceText());
    }
    var stats = RunStats.of(run);
    out.printf("seed %d, scenario %s, policy %s: %d jobs succeeded, %d failed, %.1f s virtual, %d trace lines%n",
        seed, name, chosen.label(), stats.jobsSucceeded(), stats.jobsFailed(), stats.makespanSeconds(), run.trace().size());
    violations.forEach(v -> out.println("  VIOLATION " + v));
    if (violations.isEmpty()) {
      out.println("  no invariant violated");
    }
    writeJson(Map.of("seeds", 1, "violations", violations.size(), "failing_seeds", violations.isEmpty() ? List.of() : List.of(seed)));
    out.flush();
    return violations.isEmpty() ? 0 : 1;
  }

  private int sweep(java.io.PrintWriter out, Policy chosen) throws IOException {
    long begin = System.nanoTime();
    var outcome = SeedSweep.run(firstSeed, seeds, scenario, chosen);
    double seconds = (System.nanoTime() - begin) / 1e9;
    out.printf("%d seeds of '%s' under %s: %d violations in %d seeds (%.1f s, %.0f seeds/s, %.0f virtual minutes)%n",
        seeds, scenario, chosen.label(), outcome.violations(), outcome.failures().size(), seconds, seeds / seconds,
        outcome.virtualNanos() / 60e9);
    if (!outcome.failures().isEmpty()) {
      var first = outcome.failures().getFirst();
      out.println("first failing seed: " + first.seed() + " (" + first.scenario() + "): " + first.violations().getFirst());
      out.println("replay: lifeline simulate --seed " + first.seed() + " --scenario " + first.scenario()
          + " --policy " + chosen.label() + " --trace trace-" + first.seed() + ".txt");
    }
    var result = new LinkedHashMap<String, Object>();
    result.put("seeds", seeds);
    result.put("scenario", scenario);
    result.put("policy", chosen.label());
    result.put("violations", outcome.violations());
    result.put("failing_seeds", outcome.failures().stream().map(SeedSweep.Failure::seed).toList());
    result.put("seeds_per_second", seeds / seconds);
    writeJson(result);
    out.flush();
    return outcome.failures().isEmpty() ? 0 : 1;
  }

  /**
   * The policies side by side; with --report, the charts too. A report always compares: its
   * charts set the policies against each other, so without --compare it compares baseline and
   * lifeline rather than draw half of each chart.
   */
  private int compare(java.io.PrintWriter out) throws IOException {
    var names = compare != null ? compare : List.of("baseline", "lifeline");
    var policies = names.stream().map(p -> parse(() -> Policy.parse(p.strip()), "--compare")).toList();
    var comparison = PolicyComparison.run(firstSeed, seeds, scenario, policies);
    var table = new LinkedHashMap<String, Map<String, Double>>();
    comparison.means().forEach((p, means) -> table.put(p.label(), means));
    out.printf("means over %d seeds of '%s' (same fault schedule per seed)%n", seeds, scenario);
    out.printf("  %-22s", "");
    table.keySet().forEach(p -> out.printf("%14s", p));
    out.println();
    for (String figure : table.values().iterator().next().keySet()) {
      out.printf("  %-22s", figure);
      table.values().forEach(m -> out.printf("%14.2f", m.get(figure)));
      out.println();
    }
    writeJson(Map.of("seeds", seeds, "scenario", scenario, "policies", table));
    if (report != null) {
      writeReport(out, comparison);
    }
    out.flush();
    return 0;
  }

  private void writeReport(java.io.PrintWriter out, PolicyComparison comparison) throws IOException {
    var model = CheckpointModel.DEFAULT;
    out.printf("checkpoint-interval experiment: %d seeds at each of %d intervals …%n", checkpointSeeds,
        WasteCurve.DEFAULT_GRID.size());
    out.flush();
    var curve = WasteCurve.measure(model, WasteCurve.DEFAULT_GRID, 1, checkpointSeeds);
    out.printf("  simulated waste least at T = %.2f min; Daly %.2f min, Young %.2f min, model %.2f min%n",
        minutes(curve.simulatedMinimum().interval()), minutes(curve.daly()), minutes(curve.young()),
        minutes(curve.modelOptimum()));
    // The arguments after "lifeline": "simulate" and everything after it.
    String command = "lifeline " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    out.println("report: " + SimulationReport.write(report, comparison, curve, command).toAbsolutePath());
  }

  private static double minutes(java.time.Duration d) {
    return d.toNanos() / 60e9;
  }

  private void writeJson(Object value) throws IOException {
    if (json != null) {
      JSON.writeValue(json.toFile(), value);
    }
  }

  private <T> T parse(java.util.function.Supplier<T> parser, String option) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }
}
