package io.lifeline.quality;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The tally of one quorum evaluation: {@code n} seats, each filled at most once with a vote or
 * an abstention, and an outcome that is fixed as soon as no missing vote could change it.
 *
 * <p>A vote passes when its score reaches the threshold. The output passes once {@code required}
 * votes passed; it fails once more than {@code n - required} votes failed, so that even if every
 * missing vote passed, there could not be {@code required} passes. Abstentions (an evaluator that
 * threw or timed out) count on neither side: if they are what keeps both sides short, there is
 * no quorum — the evaluators failed, not the output. With {@code f} faulty seats and
 * {@code f < required <= n - f}, the honest votes alone therefore decide whenever they agree.
 *
 * <p>Once it passed or failed, the ballot ignores later votes: the outcome and its score never
 * change after the caller saw them. Without a quorum it still fills empty seats (a vote that comes
 * in cannot make a quorum while abstentions stand, but it need not be asked for again), and
 * {@link #reopen} clears the abstentions so that those evaluators can be asked once more. Not
 * thread-safe; {@link QuorumEvaluator} guards it.
 */
final class Ballot {

  /** What one seat said. */
  sealed interface Vote {}

  /** A score from an evaluator that answered in time. */
  record Cast(Score score) implements Vote {
    Cast {
      Objects.requireNonNull(score, "score");
    }
  }

  /** An evaluator that did not answer: it threw, timed out or could not be started. */
  record Abstained(String why) implements Vote {
    Abstained {
      Objects.requireNonNull(why, "why");
    }
  }

  enum Outcome {
    /** Some votes are missing and could still change the outcome. */
    OPEN,
    PASS,
    FAIL,
    /** Neither side can reach its count, because of abstentions. */
    NO_QUORUM
  }

  private final List<String> names;
  private final int required;
  private final double threshold;
  private final Vote[] votes;
  private Outcome outcome = Outcome.OPEN;

  Ballot(List<String> names, int required, double threshold) {
    this.names = List.copyOf(names);
    this.required = required;
    this.threshold = threshold;
    this.votes = new Vote[names.size()];
  }

  /**
   * Fills seat {@code seat} unless it is already filled or the outcome is decided.
   *
   * @return whether the vote was counted
   */
  boolean record(int seat, Vote vote) {
    Objects.requireNonNull(vote, "vote");
    if (votes[seat] != null || outcome == Outcome.PASS || outcome == Outcome.FAIL) {
      return false;
    }
    votes[seat] = vote;
    // Filling a seat cannot lift NO_QUORUM: its vote was already counted as possible on both sides.
    outcome = decide();
    return true;
  }

  /**
   * Clears the abstentions of a ballot without a quorum, so that their evaluators can vote again.
   *
   * @return the seats cleared, in order
   * @throws IllegalStateException unless the outcome is {@code NO_QUORUM}
   */
  List<Integer> reopen() {
    if (outcome != Outcome.NO_QUORUM) {
      throw new IllegalStateException("only a ballot without a quorum reopens, this one is " + outcome);
    }
    var cleared = new ArrayList<Integer>();
    for (int seat = 0; seat < votes.length; seat++) {
      if (votes[seat] instanceof Abstained) {
        votes[seat] = null;
        cleared.add(seat);
      }
    }
    outcome = decide();
    return cleared;
  }

  Outcome outcome() {
    return outcome;
  }

  private Outcome decide() {
    int passes = 0;
    int fails = 0;
    int missing = 0;
    for (Vote vote : votes) {
      switch (vote) {
        case null -> missing++;
        case Cast cast -> {
          if (passes(cast)) {
            passes++;
          } else {
            fails++;
          }
        }
        case Abstained abstained -> { }
      }
    }
    int failsToSink = votes.length - required + 1;
    if (passes >= required) {
      return Outcome.PASS;
    }
    if (fails >= failsToSink) {
      return Outcome.FAIL;
    }
    if (passes + missing < required && fails + missing < failsToSink) {
      return Outcome.NO_QUORUM;
    }
    return Outcome.OPEN;
  }

  private boolean passes(Cast cast) {
    return cast.score().value() >= threshold;
  }

  /**
   * The {@code required}-th highest score, a seat without a vote counting as 0: the highest score
   * that {@code required} evaluators agree the output reaches. It is at least the threshold
   * exactly when the outcome is {@code PASS}.
   */
  double score() {
    var scores = new ArrayList<Double>();
    for (Vote vote : votes) {
      scores.add(vote instanceof Cast cast ? cast.score().value() : 0.0);
    }
    scores.sort(Comparator.reverseOrder());
    return scores.get(required - 1);
  }

  /** One line for the history: the count, then every seat in order. */
  String describe() {
    int passes = 0;
    int fails = 0;
    var seats = new ArrayList<String>();
    for (int i = 0; i < votes.length; i++) {
      String seat = switch (votes[i]) {
        case null -> "not needed";
        case Cast cast -> {
          if (passes(cast)) {
            passes++;
          } else {
            fails++;
          }
          yield String.format(Locale.ROOT, "%.2f", cast.score().value());
        }
        case Abstained abstained -> "abstained (" + abstained.why() + ")";
      };
      seats.add(names.get(i) + " " + seat);
    }
    return String.format(Locale.ROOT, "%d pass, %d fail of %d at %.2f, %d needed: %s",
        passes, fails, votes.length, threshold, required, String.join(", ", seats));
  }
}
