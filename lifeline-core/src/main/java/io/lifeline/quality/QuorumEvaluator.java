package io.lifeline.quality;

import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import io.lifeline.time.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.IntStream;

/**
 * Asks several evaluators and accepts an output only when {@code required} of them agree it
 * reaches the threshold, so that one faulty or adversarial evaluator can neither pass nor sink an
 * output on its own. An evaluator that throws or does not answer within the timeout abstains.
 *
 * <p>The score is the {@code required}-th highest vote (missing votes counting as 0): it reaches
 * the threshold exactly when the quorum passed, so a gate whose {@code minScore} equals this
 * quorum's threshold accepts exactly what the quorum accepts. When abstentions leave both sides
 * short, the abstaining evaluators are asked again ({@link Builder#retry}, none by default), and if
 * they still leave both sides short, {@link #evaluate} throws an {@link EvaluationException}
 * instead of a low score: the evaluators failed, not the output. The quorum never settles for
 * fewer agreeing votes than {@code required}, whoever is down.
 *
 * <p>The score's usage, and the exception's, is the sum of what every vote that came in before
 * the evaluation returned consumed, counted or not (a vote that came too late was paid for too).
 * A vote still running when the evaluation returns is interrupted; what it spent is not known.
 *
 * <p>How it runs: every evaluator gets a task on the executor and a timer. The first of the two
 * to finish fills that evaluator's seat on a {@link Ballot}. The caller waits until the ballot
 * is decided — often before every vote is in, in which case the remaining tasks are interrupted
 * and their seats reported as "not needed". On the default executor (one virtual thread per vote)
 * evaluators run in parallel; on a direct executor ({@code Runnable::run}) they run one after the
 * other on the caller's thread, later ones are not asked once the outcome is decided, and a timer
 * can only discard a vote that came too late, not interrupt a call that hangs. The score's value
 * can depend on which votes arrived before the decision; whether it passes cannot.
 */
public final class QuorumEvaluator implements QualityEvaluator {

  /** Long enough for a chat model to read an article and answer, short enough to bound a gate. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** Enough of an exception's message to explain an abstention, too little to flood the history. */
  private static final int MAX_MESSAGE = 80;

  private final String name;
  private final List<QualityEvaluator> evaluators;
  private final List<String> names;
  private final int required;
  private final double threshold;
  private final Duration timeout;
  private final Executor executor;
  private final Timeouts timeouts;
  private final EvaluationRetry retry;
  private final Sleeper sleeper;

  private QuorumEvaluator(Builder builder) {
    this.name = builder.name;
    this.evaluators = List.copyOf(builder.evaluators);
    this.names = evaluators.stream().map(QualityEvaluator::name).toList();
    this.required = builder.required == 0 ? evaluators.size() / 2 + 1 : builder.required;
    this.threshold = builder.threshold;
    this.timeout = builder.timeout;
    this.executor = builder.executor;
    this.timeouts = builder.timeouts;
    this.retry = builder.retry;
    this.sleeper = builder.sleeper;
    if (evaluators.isEmpty()) {
      throw new IllegalArgumentException("quorum '" + name + "': needs at least one evaluator");
    }
    if (required < 1 || required > evaluators.size()) {
      throw new IllegalArgumentException("quorum '" + name + "': required must be within [1, "
          + evaluators.size() + "], was " + required);
    }
    if (new HashSet<>(names).size() != names.size()) {
      throw new IllegalArgumentException("quorum '" + name + "': evaluator names must be distinct, were " + names);
    }
  }

  /** Starts a quorum named {@code name} (what quality gates call it). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  /** How many agreeing votes it takes. */
  public int required() {
    return required;
  }

  /** The score a vote must reach to count as a pass. */
  public double threshold() {
    return threshold;
  }

  /**
   * @throws EvaluationException {@code TRANSIENT} when abstentions prevented a quorum either way in
   *     every round, or when the caller was interrupted while waiting for votes
   */
  @Override
  public Score evaluate(String prompt, Output output) {
    return new Poll(prompt, output, null).run();
  }

  /**
   * As {@link #evaluate(String, Output)}, and passes the review on to every evaluator, in the round
   * it is asked in.
   */
  @Override
  public Score evaluate(String prompt, Output output, Review review) {
    return new Poll(prompt, output, Objects.requireNonNull(review, "review")).run();
  }

  /**
   * One evaluation: the seats, the tasks that fill them, and the wait for the decision, round
   * after round while abstentions leave it undecided and retries are left.
   */
  private final class Poll {

    private final String prompt;
    private final Output output;
    private final Review review;
    private final Ballot ballot = new Ballot(names, required, threshold);
    private final List<FutureTask<Score>> tasks = new ArrayList<>();
    private final List<CompletableFuture<Void>> timers = new ArrayList<>();
    /** Per seat, how often it was asked: a vote or timer of an earlier asking no longer counts. */
    private final int[] asked = new int[evaluators.size()];
    /** Guarded by the ballot, like everything below. */
    private CompletableFuture<Void> decided = new CompletableFuture<>();
    private Usage spent = Usage.NONE;
    private int round = 1;

    Poll(String prompt, Output output, Review review) {
      this.prompt = prompt;
      this.output = output;
      this.review = review;
    }

    Score run() {
      try {
        List<Integer> seats = IntStream.range(0, evaluators.size()).boxed().toList();
        while (true) {
          for (int seat : seats) {
            if (decision().isDone()) {
              break;
            }
            ask(seat);
          }
          decision().get();
          if (round > retry.retries() || !undecided()) {
            break;
          }
          round++;
          sleeper.sleep(retry.delayBefore(round));
          seats = reopen();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EvaluationException(name, FailureKind.TRANSIENT, "interrupted while waiting for votes", e, spent());
      } catch (ExecutionException e) {
        throw new IllegalStateException("the decision future is only ever completed normally", e);
      } finally {
        // Every task still running is on another thread (a direct executor has finished them
        // all by now), so interrupting it cannot hit the caller.
        tasks.forEach(task -> task.cancel(true));
        timers.forEach(timer -> timer.cancel(false)); // releases the timer; skips its abstention
      }
      synchronized (ballot) {
        String rounds = round == 1 ? "" : " after " + round + " rounds";
        if (ballot.outcome() == Ballot.Outcome.NO_QUORUM) {
          throw new EvaluationException(name, FailureKind.TRANSIENT, "no quorum" + rounds + ": " + ballot.describe(),
              null, spent);
        }
        return new Score(ballot.score(),
            "quorum " + ballot.outcome().name().toLowerCase(Locale.ROOT) + rounds + ": " + ballot.describe(), spent);
      }
    }

    private CompletableFuture<Void> decision() {
      synchronized (ballot) {
        return decided;
      }
    }

    private boolean undecided() {
      synchronized (ballot) {
        return ballot.outcome() == Ballot.Outcome.NO_QUORUM;
      }
    }

    private Usage spent() {
      synchronized (ballot) {
        return spent;
      }
    }

    /** The seats to ask in the next round: the abstentions, and those never asked (a direct executor stops early). */
    private List<Integer> reopen() {
      synchronized (ballot) {
        var seats = new TreeSet<>(ballot.reopen());
        for (int seat = 0; seat < asked.length; seat++) {
          if (asked[seat] == 0) {
            seats.add(seat);
          }
        }
        decided = new CompletableFuture<>();
        if (ballot.outcome() != Ballot.Outcome.OPEN) {
          decided.complete(null);
        }
        return List.copyOf(seats);
      }
    }

    private void ask(int seat) {
      QualityEvaluator evaluator = evaluators.get(seat);
      int asking;
      synchronized (ballot) {
        asking = ++asked[seat];
      }
      Review question = review == null ? null : review.inRound(round);
      var task = new FutureTask<>(() -> question == null
          ? evaluator.evaluate(prompt, output) : evaluator.evaluate(prompt, output, question)) {
        @Override
        protected void done() {
          count(seat, asking, vote(this), spentBy(this));
        }
      };
      tasks.add(task);
      // Armed before the task starts, so that on a direct executor a call that outlives it is
      // discarded when it finally returns. It does not interrupt the task: on a direct executor
      // that would interrupt the caller; hung tasks are interrupted once the ballot is decided.
      CompletableFuture<Void> timer = timeouts.after(timeout);
      timers.add(timer);
      timer.thenRun(() -> count(seat, asking, new Ballot.Abstained("timed out after " + timeout), Usage.NONE));
      try {
        executor.execute(task);
      } catch (RejectedExecutionException e) {
        count(seat, asking, new Ballot.Abstained("could not start: " + brief(e)), Usage.NONE);
      }
    }

    private void count(int seat, int asking, Ballot.Vote vote, Usage usage) {
      synchronized (ballot) {
        spent = spent.plus(usage); // a vote that comes too late to count was still paid for
        if (asking == asked[seat] && ballot.record(seat, vote) && ballot.outcome() != Ballot.Outcome.OPEN) {
          decided.complete(null);
        }
      }
    }
  }

  /** What a finished task consumed: its score's usage, or the usage its evaluation failure reports. */
  private static Usage spentBy(FutureTask<Score> finished) {
    try {
      return finished.get().usage();
    } catch (ExecutionException e) {
      return e.getCause() instanceof EvaluationException failed ? failed.usage() : Usage.NONE;
    } catch (CancellationException e) {
      return Usage.NONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("get() on a finished task does not wait", e);
    }
  }

  private static Ballot.Vote vote(FutureTask<Score> finished) {
    try {
      return new Ballot.Cast(finished.get());
    } catch (CancellationException e) {
      return new Ballot.Abstained("cancelled");
    } catch (ExecutionException e) {
      return new Ballot.Abstained("threw " + brief(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("get() on a finished task does not wait", e);
    }
  }

  /** The exception's type and the start of its message: enough to explain, too short to leak. */
  private static String brief(Throwable thrown) {
    String message = thrown.getMessage() == null ? "" : ": " + thrown.getMessage();
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "…";
    }
    return thrown.getClass().getSimpleName() + message;
  }

  /** Configures a {@link QuorumEvaluator}. */
  public static final class Builder {

    private final String name;
    private final List<QualityEvaluator> evaluators = new ArrayList<>();
    private int required;
    private double threshold = 0.5;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Executor executor = task -> Thread.ofVirtual().name("quorum-vote").start(task);
    private Timeouts timeouts = Timeouts.system();
    private EvaluationRetry retry = EvaluationRetry.NONE;
    private Sleeper sleeper = Sleeper.system();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("quorum name must not be blank, was '" + name + "'");
      }
    }

    /** Adds a voter; voters are listed in the score's reason in the order they were added. */
    public Builder evaluator(QualityEvaluator evaluator) {
      evaluators.add(Objects.requireNonNull(evaluator, "evaluator"));
      return this;
    }

    /** How many passing votes accept an output; default: a majority of the evaluators. */
    public Builder required(int required) {
      if (required < 1) {
        throw new IllegalArgumentException("quorum '" + name + "': required must be at least 1, was " + required);
      }
      this.required = required;
      return this;
    }

    /** The score a vote must reach to pass, in [0, 1]; use the gate's {@code minScore}. Default 0.5. */
    public Builder threshold(double threshold) {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("quorum '" + name + "': threshold must be within [0, 1], was " + threshold);
      }
      this.threshold = threshold;
      return this;
    }

    /** How long one evaluator may take before it abstains; default {@link #DEFAULT_TIMEOUT}. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("quorum '" + name + "': timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Where the evaluators run; default one virtual thread each. {@code Runnable::run} asks them
     * one at a time on the caller's thread.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The source of timeouts; default {@link Timeouts#system()}. Tests fire them by hand. */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
      return this;
    }

    /**
     * How often the evaluators that abstained are asked again when abstentions left the quorum
     * undecided; default {@link EvaluationRetry#NONE}.
     */
    public Builder retry(EvaluationRetry retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /** What waits between rounds; default {@link Sleeper#system()}. Tests pass one that advances a fake clock. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    public QuorumEvaluator build() {
      return new QuorumEvaluator(this);
    }
  }
}
