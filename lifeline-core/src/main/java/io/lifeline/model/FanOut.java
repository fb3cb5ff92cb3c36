package io.lifeline.model;

import java.util.Objects;

/**
 * A step that runs {@code count} branches at once and succeeds once {@code need} of them have.
 * Each branch is an attempt: it counts against the step's attempt limit (rate-limited ones aside,
 * as in {@link RetryPolicy}) and the job's budget, and branches still running when the step has
 * enough are cancelled and fenced off (their late results are rejected as stale).
 *
 * <h2>Over agents (the default)</h2>
 * Every branch runs the step as declared, each on a different agent of its selector: three writers
 * draft a headline, two answers are enough. A failed branch is replaced on a free agent that has not
 * failed the step. The outputs are joined in the order the branches succeeded.
 *
 * <h2>Over variants</h2>
 * Branch {@code i} runs variant {@code i}: 0 is the step itself, then each of its
 * {@link StepSpec#fallbacks() fallbacks} in order, with that variant's selector, parameters and
 * prompt (another model, a rephrased prompt). {@code count} is at most, and by default, one more
 * than the number of fallbacks; a smaller count uses the first ones.
 * <ul>
 *   <li><b>Agents.</b> A branch runs on a usable agent that matches its variant's selector,
 *       preferring one that runs no other branch of the step (independent failures) and has not
 *       failed this variant; an agent already running another branch or one that failed this
 *       variant is taken only when no other is free. A variant that no free agent can run waits
 *       without holding up the others.
 *   <li><b>Failures.</b> A failed branch runs the same variant again, at once, on another agent:
 *       never another variant, which has its own branch. {@code PERMANENT}, {@code UNSAFE} and
 *       {@code REFUSED} give the variant up instead: its request or prompt is what failed, and the
 *       other variants are the step's fallbacks already. The step is dead-lettered as soon as
 *       fewer than {@code need} variants can still succeed (given up, or out of attempts), and
 *       its running branches are cancelled.
 *   <li><b>Output.</b> The successful branches' outputs are joined in variant order, not in the
 *       order they finished, so the same successes always give the same output.
 *   <li><b>History.</b> {@code AttemptStarted} and {@code BranchSucceeded} name each branch's
 *       variant ({@code "primary"} or the fallback's name); {@code StepSucceeded} names the joined
 *       ones, in order ({@code "primary+terse"}).
 *   <li><b>Checkpoints.</b> A branch resumes only its own variant's state: the step's newest
 *       checkpoint if a branch of the same variant saved it, else nothing. After an engine restart
 *       the branches start afresh, as their successful outputs were held in memory.
 * </ul>
 *
 * @param count how many branches run: agents, or variants from the step itself on
 * @param need how many must succeed
 * @param over what the branches differ in
 */
public record FanOut(int count, int need, Over over) {

  /** What a fan-out's branches differ in. */
  public enum Over {
    /** The agent: every branch runs the step as declared. */
    AGENTS,
    /** The variant: branch {@code i} runs the step's variant {@code i} (0 = the step itself). */
    VARIANTS
  }

  /** More parallel branches than this is a load test, not a step. */
  public static final int MAX_COUNT = 16;

  public FanOut {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("fanOut.count must be within [1, " + MAX_COUNT + "], was " + count);
    }
    if (need < 1 || need > count) {
      throw new IllegalArgumentException("fanOut.need must be within [1, " + count + "] (the count), was " + need);
    }
    Objects.requireNonNull(over, "over");
  }

  /** {@code count} branches on different agents. */
  public FanOut(int count, int need) {
    this(count, need, Over.AGENTS);
  }

  /** Branches that run the step's first {@code count} variants (the step itself, then its fallbacks). */
  public static FanOut overVariants(int count, int need) {
    return new FanOut(count, need, Over.VARIANTS);
  }

  public boolean overVariants() {
    return over == Over.VARIANTS;
  }
}
