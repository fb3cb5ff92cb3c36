package io.lifeline.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.model.Output;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The quorum's promise: with {@code f} faulty evaluators and {@code f < required <= n - f}, an
 * output passes when the honest evaluators agree it should and fails when they agree it should
 * not, whatever the faulty ones do — vote the other way, throw, or answer after their timeout.
 */
class QuorumPropertiesTest {

  private static final Output TEXT = Output.text("an article");

  /** What a faulty evaluator does. */
  enum Fault { ALWAYS_PASS, ALWAYS_FAIL, THROWS, TIMES_OUT }

  /** The case: one adversarial judge of three, two honest ones that agree. */
  @Property(tries = 200)
  void oneAdversarialJudgeOfThreeCannotChangeTheHonestVerdict(
      @ForAll boolean honestPass, @ForAll Fault fault, @ForAll @IntRange(min = 0, max = 2) int adversarySeat,
      @ForAll @DoubleRange(min = 0.05, max = 0.95) double threshold, @ForAll("unit") double u1, @ForAll("unit") double u2) {
    var timeouts = new ManualTimeouts();
    var honest = List.of(honestScore(honestPass, threshold, u1), honestScore(honestPass, threshold, u2));
    var builder = sequential(threshold, timeouts).required(2);
    for (int seat = 0, h = 0; seat < 3; seat++) {
      builder.evaluator(seat == adversarySeat ? faulty("adversary", fault, timeouts)
          : Voter.scoring("honest-" + seat, honest.get(h++)));
    }

    var score = builder.build().evaluate("prompt", TEXT);

    assertThat(score.value() >= threshold).as(score.reason()).isEqualTo(honestPass);
  }

  /** The general case: any n, any f faulty seats, any required count that tolerates them. */
  @Property(tries = 1000)
  void faultyEvaluatorsCannotOverruleAgreeingHonestOnes(@ForAll("elections") Election election) {
    Statistics.label("n").collect(election.seats().size());
    Statistics.label("honest verdict").collect(election.honestPass() ? "pass" : "fail");

    var score = election.quorum().evaluate("prompt", TEXT);

    assertThat(score.value() >= election.threshold()).as(score.reason()).isEqualTo(election.honestPass());
  }

  /** Whatever the votes: pass iff enough pass, fail iff too many fail, else no quorum. */
  @Property(tries = 1000)
  void theOutcomeFollowsTheCountOfVotes(@ForAll("anyVotes") List<Double> votes,
      @ForAll @IntRange(min = 1, max = 7) int required, @ForAll @DoubleRange(min = 0, max = 1) double threshold) {
    int k = Math.min(required, votes.size());
    var builder = sequential(threshold, new ManualTimeouts()).required(k);
    int passes = 0;
    int fails = 0;
    for (int i = 0; i < votes.size(); i++) {
      Double vote = votes.get(i);
      builder.evaluator(vote == null ? Voter.throwing("e" + i) : Voter.scoring("e" + i, vote));
      if (vote != null && vote >= threshold) {
        passes++;
      } else if (vote != null) {
        fails++;
      }
    }
    var quorum = builder.build();

    if (passes >= k || fails > votes.size() - k) {
      Statistics.label("outcome").collect(passes >= k ? "pass" : "fail");
      assertThat(quorum.evaluate("prompt", TEXT).value() >= threshold).isEqualTo(passes >= k);
    } else {
      Statistics.label("outcome").collect("no quorum");
      assertThatThrownBy(() -> quorum.evaluate("prompt", TEXT)).isInstanceOf(EvaluationException.class);
    }
  }

  record Seat(boolean faulty, Fault fault, double unit) {}

  record Election(List<Seat> seats, int required, double threshold, boolean honestPass) {

    QuorumEvaluator quorum() {
      var timeouts = new ManualTimeouts();
      var builder = sequential(threshold, timeouts).required(required);
      for (int i = 0; i < seats.size(); i++) {
        Seat seat = seats.get(i);
        builder.evaluator(seat.faulty() ? faulty("faulty-" + i, seat.fault(), timeouts)
            : Voter.scoring("honest-" + i, honestScore(honestPass, threshold, seat.unit())));
      }
      return builder.build();
    }
  }

  @Provide
  Arbitrary<Election> elections() {
    return Arbitraries.integers().between(1, 7).flatMap(n ->
        Arbitraries.integers().between(0, (n - 1) / 2).flatMap(f ->
            Combinators.combine(
                seats(n, f),
                Arbitraries.integers().between(f + 1, n - f),
                Arbitraries.doubles().between(0.05, 0.95),
                Arbitraries.of(true, false))
                .as(Election::new)));
  }

  private static Arbitrary<List<Seat>> seats(int n, int f) {
    var faults = Arbitraries.of(Fault.class).list().ofSize(f);
    var units = Arbitraries.doubles().between(0, 1).list().ofSize(n);
    return Combinators.combine(faults, units, Arbitraries.shuffle(positions(n, f))).as((fs, us, order) -> {
      var seats = new ArrayList<Seat>();
      for (int i = 0, faultIndex = 0; i < n; i++) {
        boolean faulty = order.get(i);
        seats.add(new Seat(faulty, faulty ? fs.get(faultIndex++) : null, us.get(i)));
      }
      return seats;
    });
  }

  /** {@code f} trues among {@code n}, to be shuffled into seat order. */
  private static List<Boolean> positions(int n, int f) {
    var positions = new ArrayList<Boolean>();
    for (int i = 0; i < n; i++) {
      positions.add(i < f);
    }
    return positions;
  }

  @Provide
  Arbitrary<List<Double>> anyVotes() {
    return Arbitraries.doubles().between(0, 1).injectNull(0.2).list().ofMinSize(1).ofMaxSize(7);
  }

  @Provide
  Arbitrary<Double> unit() {
    return Arbitraries.doubles().between(0, 1);
  }

  /** A score on the honest side of the threshold: at or above it to pass, below it to fail. */
  private static double honestScore(boolean pass, double threshold, double unit) {
    return pass ? threshold + unit * (1 - threshold) : unit * threshold * 0.999;
  }

  private static QualityEvaluator faulty(String name, Fault fault, ManualTimeouts timeouts) {
    return switch (fault) {
      case ALWAYS_PASS -> Voter.scoring(name, 1);
      case ALWAYS_FAIL -> Voter.scoring(name, 0);
      case THROWS -> Voter.throwing(name);
      case TIMES_OUT -> Voter.late(name, 1, timeouts);
    };
  }

  private static QuorumEvaluator.Builder sequential(double threshold, ManualTimeouts timeouts) {
    return QuorumEvaluator.builder("panel").threshold(threshold).executor(Runnable::run).timeouts(timeouts);
  }
}
