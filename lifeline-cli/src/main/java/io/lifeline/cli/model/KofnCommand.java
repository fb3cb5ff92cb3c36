package io.lifeline.cli.model;

import io.lifeline.reliability.Availability;
import io.lifeline.reliability.KOutOfN;
import io.lifeline.reliability.RepairableGroup;
import io.lifeline.reliability.SeriesReliability;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifeline model kofn}: n identical agents of which k are needed. */
@Command(name = "kofn", mixinStandardHelpOptions = true,
    description = "Availability and reliability of n identical agents of which k are needed.")
final class KofnCommand extends ModelSubcommand {

  /** Beyond a million agents the answer is 0 or 1 to every printed digit anyway. */
  private static final int MAX_AGENTS = 1_000_000;

  @Option(names = "--n", required = true, description = "Agents in the pool.")
  int n;

  @Option(names = "--k", required = true, description = "Agents needed, 1 to n.")
  int k;

  @Option(names = "--mtbf", required = true, converter = DurationConverter.Positive.class,
      description = "Each agent's mean time between failures, e.g. 10h.")
  Duration mtbf;

  @Option(names = "--mttr", required = true, converter = DurationConverter.Positive.class,
      description = "Each agent's mean time to repair (restart, replace), e.g. 20m.")
  Duration mttr;

  @Option(names = "--repair-crews", description = "Agents repaired at once, 1 to n (default: n, independent repair).")
  Integer repairCrews;

  @Option(names = "--horizon", defaultValue = "24h", converter = DurationConverter.NotNegative.class,
      description = "Mission time for the reliability (default: ${DEFAULT-VALUE}).")
  Duration horizon;

  @Override
  Report report() {
    requireBetween("--n", n, 1, MAX_AGENTS, Integer.toString(MAX_AGENTS));
    requireBetween("--k", k, 1, n, "--n (" + n + ")");
    int crews = repairCrews == null ? n : repairCrews;
    requireBetween("--repair-crews", crews, 1, n, "--n (" + n + ")");
    var group = new RepairableGroup(n, mtbf, mttr, crews);
    double single = Availability.single(mtbf, mttr);
    double available = group.availability(k);
    double noRepair = KOutOfN.identical(k, n, SeriesReliability.survival(mtbf, horizon));
    Double withRepair = n - k + 1 <= RepairableGroup.MAX_TRANSIENT_STATES ? group.reliability(k, horizon) : null;
    String window = Format.duration(horizon);

    var report = new Report()
        .put("n", n).put("k", k).put("repair_crews", crews)
        .put("mtbf_seconds", Format.seconds(mtbf)).put("mttr_seconds", Format.seconds(mttr))
        .put("horizon_seconds", Format.seconds(horizon))
        .put("availability_single", single)
        .put("availability", available)
        .put("reliability_with_repair", withRepair)
        .put("reliability_without_repair", noRepair)
        .line("%d of %d agents needed; each fails every %s and is repaired in %s on average, %d at a time",
            k, n, Format.duration(mtbf), Format.duration(mttr), crews)
        .line("  %-36s %-12s MTBF / (MTBF + MTTR)", "one agent available", Format.probability(single))
        .line("  %-36s %-12s steady state of the birth–death chain", "at least " + k + " available",
            Format.probability(available))
        .line("  %-36s %s", "time with fewer than " + k + " up, per year",
            Format.duration(Duration.ofSeconds(Math.round((1 - available) * 365.25 * 86_400))));
    if (withRepair != null) {
      report.line("  %-36s %-12s with repair, starting with all up", "never fewer than " + k + " up in " + window,
          Format.probability(withRepair));
    } else {
      report.line("  %-36s %-12s n - k + 1 > %d", "never fewer than " + k + " up in " + window, "not computed",
          RepairableGroup.MAX_TRANSIENT_STATES);
    }
    return report.line("  %-36s %-12s without repair: binomial of e^(-t/MTBF)",
        "at least " + k + " survive " + window, Format.probability(noRepair));
  }
}
