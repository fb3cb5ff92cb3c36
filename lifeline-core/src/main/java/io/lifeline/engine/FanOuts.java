package io.lifeline.engine;

import io.lifeline.model.FailureKind;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.FanOut;
import io.lifeline.model.Output;
import io.lifeline.model.StepSpec;
import io.lifeline.model.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bookkeeping of fan-out steps that does not decide anything about agents or time: how many
 * attempts a step may still start, which variants of a fan-out over variants still have to run,
 * whether {@code need} is still within reach, and the one output the successful branches make.
 * The {@link Coordinator} starts and ends the branches; see {@link FanOut} for the semantics.
 */
final class FanOuts {

  /** One successful branch, held in memory until the step has enough. */
  record Branch(int variant, Output output) {}

  /**
   * Failures after which running the same variant again cannot help: its request (PERMANENT) or
   * its prompt (UNSAFE, REFUSED) is what failed, and the step's other variants are its fallbacks.
   */
  private static final Set<FailureKind> GIVES_UP_VARIANT =
      EnumSet.of(FailureKind.PERMANENT, FailureKind.UNSAFE, FailureKind.REFUSED);

  private FanOuts() {}

  /** The attempts the step's limit still allows beside the running ones ({@link RetryPolicy#counted}). */
  static int attemptsLeft(StepRun step) {
    return (int) (step.spec.retry().maxAttempts() - RetryPolicy.counted(step.attempt, step.history));
  }

  /**
   * The variants of a fan-out over variants that should run and are not: neither succeeded, nor
   * running, nor given up. In variant order.
   */
  static List<Integer> pendingVariants(StepRun step) {
    var pending = new ArrayList<Integer>();
    for (int variant = 0; variant < step.spec.fanOut().orElseThrow().count(); variant++) {
      if (!succeeded(step, variant) && !running(step, variant) && givenUpAfter(step, variant).isEmpty()) {
        pending.add(variant);
      }
    }
    return pending;
  }

  /**
   * Why a fan-out step can no longer reach {@code need}, or empty while it can: each success
   * still missing needs a running branch, or a branch yet to start (over variants: a pending
   * variant) and an attempt to start it.
   */
  static Optional<String> outOfReach(StepRun step) {
    var fanOut = step.spec.fanOut().orElseThrow();
    int succeeded = step.branchOutputs.size();
    int running = step.live.size();
    int toStart = fanOut.overVariants() ? pendingVariants(step).size() : fanOut.count() - succeeded - running;
    int reachable = succeeded + running + Math.min(Math.max(0, toStart), Math.max(0, attemptsLeft(step)));
    if (reachable >= fanOut.need()) {
      return Optional.empty();
    }
    var states = new ArrayList<String>();
    if (fanOut.overVariants()) {
      for (int variant = 0; variant < fanOut.count(); variant++) {
        states.add(step.spec.variantName(variant) + ": " + status(step, variant));
      }
    } else {
      states.add(succeeded + " succeeded, " + running + " running");
    }
    return Optional.of("fanOut over " + fanOut.over().name().toLowerCase() + " needs " + fanOut.need() + " of "
        + fanOut.count() + " but at most " + reachable + " can still succeed (" + String.join(", ", states) + "; "
        + Math.max(0, attemptsLeft(step)) + " of " + step.spec.retry().maxAttempts() + " attempts left)");
  }

  private static String status(StepRun step, int variant) {
    if (succeeded(step, variant)) {
      return "succeeded";
    }
    if (running(step, variant)) {
      return "running";
    }
    return givenUpAfter(step, variant).map(kind -> "gave up after " + kind).orElse("pending");
  }

  private static boolean succeeded(StepRun step, int variant) {
    return step.branchOutputs.stream().anyMatch(b -> b.variant() == variant);
  }

  private static boolean running(StepRun step, int variant) {
    return step.live.values().stream().anyMatch(l -> l.variant == variant);
  }

  /** The failure that gave the variant up, if one did. */
  private static Optional<FailureKind> givenUpAfter(StepRun step, int variant) {
    return step.history.stream()
        .filter(r -> r.variant() == variant)
        .flatMap(r -> r.failure().stream())
        .filter(GIVES_UP_VARIANT::contains)
        .findFirst();
  }

  /**
   * Joins the successful branches into the step's one output. Text branches are joined with a
   * {@code ---} rule, so a later step's prompt sees them all; other media keep the first branch (a
   * later step can't take several images through one placeholder). Over variants the branches go
   * in variant order, so the output does not depend on which finished first. Usage is zero: every
   * branch was charged when it succeeded.
   */
  static Output join(List<Branch> branches, StepSpec spec) {
    var fanOut = spec.fanOut().orElseThrow();
    var ordered = fanOut.overVariants()
        ? branches.stream().sorted(Comparator.comparingInt(Branch::variant)).toList()
        : branches;
    var outputs = ordered.stream().map(Branch::output).toList();
    var first = outputs.getFirst();
    String summary = outputs.size() + " of " + fanOut.count()
        + (fanOut.overVariants() ? " variants (need " + fanOut.need() + "): " + variantNames(branches, spec)
            : " branches (need " + fanOut.need() + ")");
    var metadata = Map.of("fanOut", summary);
    if (outputs.stream().allMatch(Output::isText)) {
      String text = String.join("\n\n---\n\n", outputs.stream().map(Output::text).toList());
      return new Output(first.mediaType(), text.getBytes(StandardCharsets.UTF_8), metadata, Usage.NONE);
    }
    return new Output(first.mediaType(), first.content(), metadata, Usage.NONE);
  }

  /** The variants the branches ran, each once, in variant order: {@code primary+terse}. */
  static String variantNames(List<Branch> branches, StepSpec spec) {
    return branches.stream().map(Branch::variant).distinct().sorted()
        .map(spec::variantName).collect(Collectors.joining("+"));
  }
}
