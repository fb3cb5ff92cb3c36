package io.lifeline.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FailureDetector} promises. Each implementation's test extends this with its
 * config. The clock starts two minutes before the ticker overflows, so every test that runs longer
 * than that also proves the detector compares readings overflow-safely.
 */
public abstract class FailureDetectorContract {

  protected final ManualClock clock = new ManualClock();

  /** The detector config under test; its heartbeat interval paces the heartbeats below. */
  protected abstract DetectorConfig config();

  protected final FailureDetector newDetector() {
    return config().factory().create();
  }

  protected final Duration interval() {
    return config().heartbeatInterval();
  }

  /** Heartbeats at the configured interval for {@code span}; checks HEALTHY before each one. */
  protected final void steadyHeartbeats(FailureDetector detector, Duration span) {
    long beats = span.dividedBy(interval());
    for (long i = 0; i < beats; i++) {
      clock.advance(interval());
      assertThat(detector.health(clock.read())).as("before heartbeat %d", i).isEqualTo(Health.HEALTHY);
      detector.heartbeat(clock.read());
    }
  }

  /** Advances the clock in {@code step}s until the detector answers {@code wanted}; the silence. */
  protected final Duration silenceUntil(FailureDetector detector, Health wanted, Duration step) {
    Duration silence = Duration.ZERO;
    while (detector.health(clock.read()) != wanted) {
      assertThat(silence).as("silence before %s", wanted).isLessThan(Duration.ofHours(1));
      clock.advance(step);
      silence = silence.plus(step);
    }
    return silence;
  }

  @Test
  void anAgentThatHasNotHeartbeatYetIsHealthy() {
    FailureDetector detector = newDetector();
    clock.advance(Duration.ofHours(1));

    assertThat(detector.health(clock.read())).isEqualTo(Health.HEALTHY);
    assertThat(detector.suspicion(clock.read())).isZero();
  }

  @Test
  void steadyHeartbeatsStayHealthyAcrossTickerOverflow() {
    FailureDetector detector = newDetector();
    detector.heartbeat(clock.read());

    steadyHeartbeats(detector, Duration.ofMinutes(10));

    assertThat(clock.read()).as("the ticker wrapped around").isNegative();
    assertThat(detector.health(clock.read())).isEqualTo(Health.HEALTHY);
  }

  @Test
  void aCrashedAgentGoesSuspectThenDeadAndSuspicionNeverFalls() {
    FailureDetector detector = newDetector();
    detector.heartbeat(clock.read());
    steadyHeartbeats(detector, Duration.ofMinutes(1));

    List<Health> verdicts = new ArrayList<>();
    double suspicion = detector.suspicion(clock.read());
    while (verdicts.isEmpty() || verdicts.getLast() != Health.DEAD) {
      clock.advance(interval().dividedBy(10));
      verdicts.add(detector.health(clock.read()));
      double next = detector.suspicion(clock.read());
      assertThat(next).isGreaterThanOrEqualTo(suspicion);
      suspicion = next;
    }

    assertThat(verdicts).containsSubsequence(Health.HEALTHY, Health.SUSPECT, Health.DEAD);
    assertThat(verdicts).isSortedAccordingTo(Enum::compareTo);
  }

  @Test
  void aHeartbeatEndsASuspicion() {
    FailureDetector detector = newDetector();
    detector.heartbeat(clock.read());
    steadyHeartbeats(detector, Duration.ofMinutes(1));
    silenceUntil(detector, Health.SUSPECT, interval().dividedBy(10));

    detector.heartbeat(clock.read());

    assertThat(detector.health(clock.read())).isEqualTo(Health.HEALTHY);
  }

  @Test
  void aRepeatedReadingIsIgnored() {
    FailureDetector withDuplicates = newDetector();
    FailureDetector plain = newDetector();
    for (int i = 0; i < 50; i++) {
      clock.advance(interval());
      withDuplicates.heartbeat(clock.read());
      withDuplicates.heartbeat(clock.read());
      plain.heartbeat(clock.read());
    }
    clock.advance(interval().multipliedBy(3));

    assertThat(withDuplicates.suspicion(clock.read())).isEqualTo(plain.suspicion(clock.read()));
  }

  /**
   * Seed defect: {@code Agent.last_heartbeat: float = time.time()} is evaluated once at class
   * load, so an agent that joins later is born with a stale heartbeat and declared faulty at once.
   */
  @Test
  void seedDefectHeartbeatDefaultFromClassLoadDoesNotKillLateJoiners() {
    FailureDetectorFactory factory = config().factory();
    clock.advance(Duration.ofHours(2));

    FailureDetector lateJoiner = factory.create();
    lateJoiner.heartbeat(clock.read());

    assertThat(lateJoiner.health(clock.read())).isEqualTo(Health.HEALTHY);
    assertThat(lateJoiner.suspicion(clock.read())).isLessThan(0.1);
  }

  /**
   * Verdicts depend on the heartbeats only, not on when the coordinator polls: a heartbeat that
   * arrives after the DEAD point is ignored even if nobody asked for the verdict in between.
   */
  @Test
  void theSameHeartbeatsGiveTheSameVerdictsWhetherOrNotAnybodyAsked() {
    FailureDetector polled = newDetector();
    FailureDetector unpolled = newDetector();
    long step = interval().toNanos();
    long start = clock.read();
    long previous = start;
    polled.heartbeat(start);
    unpolled.heartbeat(start);
    // Steady, then gaps of 3, 6 and 40 intervals: suspicious for some detectors, fatal for all.
    long[] beats = {1, 2, 3, 4, 5, 8, 9, 10, 16, 17, 57, 58};
    for (long beat : beats) {
      long now = start + beat * step;
      for (long t = previous + step / 5; now - t > 0; t += step / 5) {
        polled.health(t);
      }
      polled.heartbeat(now);
      unpolled.heartbeat(now);
      assertThat(polled.suspicion(now)).isEqualTo(unpolled.suspicion(now));
      previous = now;
    }
    long end = previous + step;

    assertThat(polled.health(end)).isEqualTo(unpolled.health(end)).isEqualTo(Health.DEAD);
  }
}
