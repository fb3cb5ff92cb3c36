package io.lifeline.cli.demo;

import io.lifeline.event.Event;
import io.lifeline.event.EventListener;
import io.lifeline.time.Ticker;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shows a demo run as it happens: a progress bar, and one line per detected fault and per
 * recovery. Also notes when each attempt's failure became durable, for detection latency. Runs on
 * the coordinator's thread, so it only formats and prints.
 */
final class DemoMonitor implements EventListener {

  private static final int BAR_WIDTH = 30;

  private final PrintStream out;
  private final Ticker ticker;
  private final long startNanos;
  private final int totalJobs;
  private final boolean interactive;
  private final Map<String, Long> detectedAtNanos = new ConcurrentHashMap<>();
  private int succeeded;
  private int failed;
  private int faults;
  private int lastDecile = -1;

  /** {@code succeededBefore} and {@code failedBefore} count jobs an earlier, killed process finished. */
  DemoMonitor(PrintStream out, Ticker ticker, int totalJobs, long succeededBefore, long failedBefore) {
    this.out = out;
    this.ticker = ticker;
    this.startNanos = ticker.read();
    this.totalJobs = totalJobs;
    this.interactive = System.console() != null;
    this.succeeded = (int) succeededBefore;
    this.failed = (int) failedBefore;
  }

  Map<String, Long> detectedAtNanos() {
    return detectedAtNanos;
  }

  @Override
  public void onEvent(Event event) {
    switch (event) {
      case Event.AttemptFailed f -> {
        detectedAtNanos.putIfAbsent(f.jobId() + "/" + f.stepId() + "/" + f.attempt(), ticker.read());
        faults++;
        line(String.format("! %s %s/%s#%d on %s: %s %s", elapsed(), shortId(f.jobId()), f.stepId(),
            f.attempt(), f.agentId(), f.kind(), f.message()));
      }
      case Event.RecoveryDecided d -> line(String.format("  %s %s/%s -> %s%s%s", elapsed(), shortId(d.jobId()),
          d.stepId(), d.action(), d.agentId().isEmpty() ? "" : " " + d.agentId(),
          d.delayMillis() > 0 ? " in " + d.delayMillis() + " ms" : ""));
      case Event.AgentDead d -> line(String.format("x %s agent %s declared dead: %s", elapsed(), d.agentId(), d.reason()));
      case Event.AgentJoined j when j.incarnation() > 1 ->
          line(String.format("+ %s agent %s rejoined (incarnation %d)", elapsed(), j.agentId(), j.incarnation()));
      case Event.JobSucceeded s -> {
        succeeded++;
        progress();
      }
      case Event.JobFailed f -> {
        failed++;
        line(String.format("x %s job %s dead-lettered: %s", elapsed(), shortId(f.jobId()), f.reason()));
        progress();
      }
      default -> { }
    }
  }

  private void line(String text) {
    if (interactive) {
      out.print("\r\033[K");
    }
    out.println(text);
    if (interactive) {
      bar();
    }
  }

  private void progress() {
    if (interactive) {
      bar();
      return;
    }
    int decile = (succeeded + failed) * 10 / Math.max(1, totalJobs);
    if (decile != lastDecile) {
      lastDecile = decile;
      bar();
      out.println();
    }
  }

  private void bar() {
    int done = succeeded + failed;
    int filled = (int) ((long) BAR_WIDTH * done / Math.max(1, totalJobs));
    out.printf("\r[%s%s] %d/%d jobs  ok %d  failed %d  faults %d  %s", "#".repeat(filled),
        ".".repeat(BAR_WIDTH - filled), done, totalJobs, succeeded, failed, faults, elapsed());
    out.flush();
  }

  private String elapsed() {
    return String.format("%6.1fs", (ticker.read() - startNanos) / 1e9);
  }

  static String shortId(String jobId) {
    return jobId.length() > 12 ? jobId.substring(0, 12) : jobId;
  }
}
