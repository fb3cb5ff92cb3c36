package io.lifeline.cli.model;

import io.lifeline.reliability.SeriesReliability;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifeline model series}: agents that must all survive. */
@Command(name = "series", mixinStandardHelpOptions = true,
    description = "Reliability of agents that must all survive the horizon: R(t) = Π exp(−t/MTBFᵢ).")
final class SeriesCommand extends ModelSubcommand {

  @Option(names = "--mtbf", required = true, arity = "1", converter = DurationConverter.Positive.class,
      description = "One agent's mean time between failures; repeat for each agent.")
  List<Duration> mtbfs;

  @Option(names = "--horizon", required = true, converter = DurationConverter.NotNegative.class,
      description = "How long they must all keep running, e.g. 1h.")
  Duration horizon;

  @Override
  Report report() {
    double reliability = SeriesReliability.of(mtbfs, horizon);
    Duration mtbf = SeriesReliability.mtbf(mtbfs);
    return new Report()
        .put("mtbf_seconds", mtbfs.stream().map(Format::seconds).toList())
        .put("horizon_seconds", Format.seconds(horizon))
        .put("reliability", reliability)
        .put("series_mtbf_seconds", Format.seconds(mtbf))
        .line("all %d agents run %s without a failure: %s", mtbfs.size(), Format.duration(horizon),
            Format.probability(reliability))
        .line("  together they fail every %s on average (1 / Σ 1/MTBFᵢ)", Format.duration(mtbf));
  }
}
