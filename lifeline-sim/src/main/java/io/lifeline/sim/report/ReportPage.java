package io.lifeline.sim.report;

import io.lifeline.sim.Policy;
import io.lifeline.sim.PolicyComparison;
import io.lifeline.sim.WasteCurve;
import java.util.List;
import java.util.Map;

/**
 * The report's {@code index.html}: one self-contained page (inline style, no scripts, nothing
 * fetched) that shows the chart files beside it and the numbers behind them.
 */
final class ReportPage {

  static final String COMPLETIONS = "completions.png";
  static final String DETECTION = "detection-latency.png";
  static final String RECOVERY = "recovery-latency.png";
  static final String COMPARISON = "comparison.png";
  static final String WASTE = "checkpoint-waste.png";
  static final String WASTE_ZOOM = "checkpoint-waste-zoom.png";

  /** Every chart the page shows, in page order. */
  static final List<String> CHARTS = List.of(COMPLETIONS, DETECTION, RECOVERY, COMPARISON, WASTE, WASTE_ZOOM);

  private static final String STYLE = """
      body { font-family: system-ui, sans-serif; max-width: 1180px; margin: 2em auto; padding: 0 1em; color: #222; }
      h1 { margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
      .meta { color: #555; } code { background: #f3f3f3; padding: 0 0.2em; }
      figure { margin: 1em 0; } img { max-width: 100%; border: 1px solid #eee; }
      figcaption { color: #444; font-size: 0.95em; margin-top: 0.3em; }
      table { border-collapse: collapse; margin: 1em 0; } th, td { padding: 0.25em 0.8em; border-bottom: 1px solid #e3e3e3; }
      td.n { text-align: right; font-variant-numeric: tabular-nums; } th { text-align: left; background: #f7f7f7; }
      .key { font-weight: bold; }
      """;

  private ReportPage() {}

  static String html(PolicyComparison comparison, WasteCurve curve, String command) {
    var page = new StringBuilder();
    page.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Lifeline simulation report</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
        .append("<h1>Lifeline simulation report</h1>\n")
        .append(String.format("<p class=\"meta\">Scenario <b>%s</b>, seeds %d–%d, policies %s, all on the real "
                + "coordinator and a virtual clock. Made by <code>%s</code>.</p>%n",
            escape(comparison.scenario()), comparison.firstSeed(), comparison.firstSeed() + comparison.seeds() - 1,
            escape(String.join(" and ", comparison.stats().keySet().stream().map(Policy::label).toList())),
            escape(command)));
    completions(page, comparison);
    latencies(page);
    comparison(page, comparison);
    checkpoints(page, curve);
    page.append("</body>\n</html>\n");
    return page.toString();
  }

  private static void completions(StringBuilder page, PolicyComparison comparison) {
    page.append("<h2>1. Jobs completed over time</h2>\n");
    figure(page, COMPLETIONS, "Cumulative jobs completed against virtual time for each policy, with the injected faults below",
        String.format("Seed %d, the first of the run, under each policy: the same fault schedule. Below the curves, every "
            + "injected fault is a dot at the time it struck, coloured by kind, in the row of the policy that met it. "
            + "Agent-wide faults (crashes, pauses, partitions, coordinator crashes) strike both rows at the same times; "
            + "faults drawn per attempt (hangs, 5xx, 429, slowness, out of memory, low quality) differ, because each "
            + "policy dispatches its attempts differently.", comparison.firstSeed()));
  }

  private static void latencies(StringBuilder page) {
    page.append("<h2>2. Detection and recovery latency</h2>\n");
    figure(page, DETECTION, "Histogram of detection latency per policy over all seeds",
        "Detection latency: from an injected fault to the engine noticing it — the attempt it hit failing "
            + "(reported error, deadline) or, for a crash, the agent being declared dead.");
    figure(page, RECOVERY, "Histogram of recovery latency per policy over all seeds",
        "Recovery latency: from an attempt failing to the step's next attempt starting (backoff, waiting for a "
            + "healthy agent or a rate limit to cool down).");
  }

  private static void comparison(StringBuilder page, PolicyComparison comparison) {
    page.append("<h2>3. Baseline against Lifeline</h2>\n");
    figure(page, COMPARISON, "Bar charts of each comparison figure per policy",
        "The seed article's algorithm (baseline: 15 s heartbeat timeout, three retries on the same agent then a "
            + "random replacement, no resuming from checkpoints) and Lifeline's defaults on the same seeds. Means over "
            + "the seeds; latency percentiles are taken per seed, then averaged.");
    Map<Policy, Map<String, Double>> means = comparison.means();
    page.append("<table>\n<tr><th>figure</th><th>unit</th>");
    means.keySet().forEach(p -> page.append("<th>").append(escape(p.label())).append("</th>"));
    page.append("</tr>\n");
    for (var figure : ComparisonChart.FIGURES) {
      page.append("<tr><td>").append(escape(figure.title())).append("</td><td>").append(escape(figure.unit())).append("</td>");
      for (var values : means.values()) {
        page.append(String.format("<td class=\"n\">%,.2f</td>", values.getOrDefault(figure.key(), Double.NaN) * figure.scale()));
      }
      page.append("</tr>\n");
    }
    page.append("</table>\n");
  }

  private static void checkpoints(StringBuilder page, WasteCurve curve) {
    var model = curve.model();
    var minimum = curve.simulatedMinimum();
    page.append("<h2>4. Checkpoint interval: simulation against Young and Daly</h2>\n")
        .append(String.format("<p>One job of <b>W = %s</b> of work runs on one agent that crashes after exponential up-times "
                + "of mean <b>M = %s</b>, checkpoints after every T of work at a cost of <b>δ = %s</b> of its time, and is "
                + "back <b>R = %s</b> after a crash; the engine then resumes the step from its last durable checkpoint. "
                + "Each interval runs the same %d seeds (%d–%d) on the real coordinator; waste is completion time − W.</p>%n",
            WasteChart.text(model.work()), WasteChart.text(model.mtbf()), WasteChart.text(model.checkpointCost()),
            WasteChart.text(model.restart()), curve.seeds(), curve.firstSeed(), curve.firstSeed() + curve.seeds() - 1))
        .append(String.format("<p class=\"key\">Simulated minimum at T = %.2f min (grid point; mean waste %.2f ± %.2f min). "
                + "Daly: %.2f min. Young: %.2f min. The model's exact optimum: %.2f min.</p>%n",
            WasteChart.minutes(minimum.interval()), WasteChart.minutes(minimum.meanWaste()),
            WasteChart.minutes(minimum.standardError()), WasteChart.minutes(curve.daly()),
            WasteChart.minutes(curve.young()), WasteChart.minutes(curve.modelOptimum())));
    figure(page, WASTE, "Waste against checkpoint interval on log axes: simulated means with error bars, model curve, Young and Daly lines",
        "The model's expected completion time (derived in <code>CheckpointModel</code>): the work falls into k = ⌈W/T⌉ "
            + "segments, k − 1 of T + δ and a last of r = W − (k − 1)T; a segment of length s takes "
            + "(M + R)(e<sup>s/M</sup> − 1) on average, so E[completion] = (M + R)[(k − 1)(e<sup>(T+δ)/M</sup> − 1) + "
            + "e<sup>r/M</sup> − 1]. Its minimum over T solves e<sup>(T+δ)/M</sup>(1 − T/M) = 1, which Daly's formula "
            + "approximates. The jags in the model's curve are the segment boundaries (a shorter last segment).");
    figure(page, WASTE_ZOOM, "Zoom on the flat bottom of the waste curve around the optimum",
        "The bottom of the curve is flat: a few tens of seconds of waste separate the intervals around the optimum, "
            + "so the simulated minimum moves by a grid step or two from one set of seeds to another.");
    page.append("<table>\n<tr><th>T (min)</th><th>simulated waste (min)</th><th>± SE</th><th>model (min)</th>"
        + "<th>(simulated − model) / SE</th></tr>\n");
    for (var p : curve.points()) {
      double se = WasteChart.minutes(p.standardError());
      double difference = WasteChart.minutes(p.meanWaste()) - WasteChart.minutes(p.expectedWaste());
      page.append(String.format("<tr><td class=\"n\">%.1f</td><td class=\"n\">%.2f</td><td class=\"n\">%.2f</td>"
              + "<td class=\"n\">%.2f</td><td class=\"n\">%+.1f</td></tr>%n",
          WasteChart.minutes(p.interval()), WasteChart.minutes(p.meanWaste()), se,
          WasteChart.minutes(p.expectedWaste()), se == 0 ? 0 : difference / se));
    }
    page.append("</table>\n");
  }

  private static void figure(StringBuilder page, String file, String alt, String caption) {
    page.append(String.format("<figure><img src=\"%s\" alt=\"%s\"><figcaption>%s</figcaption></figure>%n",
        file, escape(alt), caption));
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
