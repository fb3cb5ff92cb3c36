package io.lifeline.agents.chaos;

import io.lifeline.agents.Seeds;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which faults a {@link ChaosAgent} injects, how often, and how they behave.
 *
 * <p>Each attempt draws at most one fault: the draw is a pure function of
 * {@code (seed, jobId, stepId, attempt)}, never of thread timing, so the same seed and job ids give
 * the same injections in every run. A mid-stream fault strikes after a drawn number of heartbeats
 * in {@code [0, tripWindow]}, so that some strike after the delegate checkpointed and resuming
 * matters.
 *
 * <p>As text ({@link #parse}, {@link #toString}): comma-separated, an optional profile name first,
 * then {@code key=value} overrides, e.g. {@code demo,seed=7,crash=0.1,downtime=3s}. Keys: a fault
 * label ({@code crash hang slow transient rate_limited oom empty low_quality drift stall}) = probability per
 * attempt; {@code seed}; {@code downtime}, {@code slowness}, {@code retryAfter}, {@code lateBy} = durations
 * ({@code 500ms}, {@code 5s}, {@code 2m} or ISO-8601); {@code tripWindow} = heartbeats;
 * {@code force.N=fault} = the N-th run (1-based) of each wrapped agent gets that fault whatever
 * the draw; a forced fault on the output that finds nothing it can spoil on that run (low_quality
 * on a picture, drift on a one-paragraph text) moves on to the agent's next run without a forced
 * fault of its own.
 *
 * @param seed the base of every draw
 * @param probabilities per attempt, per fault; absent means 0; they sum to at most 1
 * @param downtime how long a crashed agent stays down
 * @param slowness the least time a SLOW attempt takes: set it above the step's total deadline
 * @param retryAfter what a RATE_LIMITED failure asks the runtime to wait
 * @param lateBy how long a STALL attempt withholds its output: set it above the step's no-progress deadline
 * @param tripWindow the most heartbeats a mid-stream fault lets through before it strikes
 * @param forced by run number of the wrapped agent. Unlike the draws, which run gets which job
 *     follows dispatch order; the demo uses it only to guarantee that each fault occurs
 */
public record ChaosProfile(
    long seed,
    Map<Fault, Double> probabilities,
    Duration downtime,
    Duration slowness,
    Duration retryAfter,
    Duration lateBy,
    int tripWindow,
    Map<Long, Fault> forced) {

  /** Long enough for a heartbeat detector to declare the agent dead, short enough to see it return. */
  public static final Duration DEFAULT_DOWNTIME = Duration.ofSeconds(5);
  /** Well over the total deadline a demo step should have (a few seconds). */
  public static final Duration DEFAULT_SLOWNESS = Duration.ofSeconds(60);
  /** A typical provider's Retry-After for a short burst. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(2);
  /** Over the no-progress deadline a demo step should have (a second or two). */
  public static final Duration DEFAULT_LATE_BY = Duration.ofSeconds(4);
  /** Twice the text agent's checkpoint spacing: about half the mid-stream faults follow a checkpoint. */
  public static final int DEFAULT_TRIP_WINDOW = 8;

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  public ChaosProfile {
    var copy = new EnumMap<Fault, Double>(Fault.class);
    double sum = 0;
    for (var entry : Objects.requireNonNull(probabilities, "probabilities").entrySet()) {
      double p = entry.getValue();
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException(
            "chaos profile: probability of " + entry.getKey().label() + " must be within [0, 1], was " + p);
      }
      if (p > 0) {
        copy.put(entry.getKey(), p);
        sum += p;
      }
    }
    if (sum > 1 + 1e-9) {
      throw new IllegalArgumentException("chaos profile: probabilities must sum to at most 1, was " + sum);
    }
    probabilities = Collections.unmodifiableMap(copy);
    requirePositive("downtime", downtime);
    requirePositive("slowness", slowness);
    requirePositive("retryAfter", retryAfter);
    requirePositive("lateBy", lateBy);
    if (tripWindow < 0) {
      throw new IllegalArgumentException("chaos profile: tripWindow must be >= 0, was " + tripWindow);
    }
    for (var run : Objects.requireNonNull(forced, "forced").keySet()) {
      if (run < 1) {
        throw new IllegalArgumentException("chaos profile: forced run numbers start at 1, was " + run);
      }
    }
    forced = Collections.unmodifiableMap(new TreeMap<>(forced));
  }

  /** Injects nothing. */
  public static ChaosProfile none() {
    return new ChaosProfile(0, Map.of(), DEFAULT_DOWNTIME, DEFAULT_SLOWNESS, DEFAULT_RETRY_AFTER,
        DEFAULT_LATE_BY, DEFAULT_TRIP_WINDOW, Map.of());
  }

  /**
   * About one attempt in five hits a fault: crash 2%, hang 2%, slow 1.5%, transient 4%,
   * rate_limited 3%, oom 2%, empty 2%, low_quality 3%, drift 2%, stall 1.5%. A 100-job newsroom
   * run makes some 400 attempts, so each fault strikes about 6 to 8 times (low_quality about 6, on
   * text steps only; drift about 2, on drafts only) — while most jobs still finish on their first
   * attempts. The cheap faults (transient, 429) are the common ones, as in production.
   */
  public static ChaosProfile demo() {
    return none()
        .with(Fault.CRASH, 0.02)
        .with(Fault.HANG, 0.02)
        .with(Fault.SLOW, 0.015)
        .with(Fault.TRANSIENT, 0.04)
        .with(Fault.RATE_LIMITED, 0.03)
        .with(Fault.OOM, 0.02)
        .with(Fault.EMPTY, 0.02)
        .with(Fault.LOW_QUALITY, 0.03)
        .with(Fault.DRIFT, 0.02)
        .with(Fault.STALL, 0.015);
  }

  /** {@code none} or {@code demo}. */
  public static ChaosProfile named(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "none" -> none();
      case "demo" -> demo();
      default -> throw new IllegalArgumentException("unknown chaos profile '" + name + "', expected none or demo");
    };
  }

  /**
   * Reads the text form described in the class comment.
   *
   * @throws IllegalArgumentException naming the key and the value that are wrong
   */
  public static ChaosProfile parse(String spec) {
    ChaosProfile profile = none();
    String[] tokens = spec.split(",");
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i].strip();
      int eq = token.indexOf('=');
      if (token.isEmpty()) {
        continue;
      } else if (eq < 0 && i == 0) {
        profile = named(token);
      } else if (eq < 0) {
        throw new IllegalArgumentException("chaos profile: '" + token + "' must be key=value (only the first item may be a name)");
      } else {
        profile = profile.with(token.substring(0, eq).strip(), token.substring(eq + 1).strip());
      }
    }
    return profile;
  }

  private ChaosProfile with(String key, String value) {
    try {
      return switch (key) {
        case "seed" -> withSeed(Long.parseLong(value));
        case "downtime" -> withDowntime(duration(value));
        case "slowness" -> withSlowness(duration(value));
        case "retryAfter" -> withRetryAfter(duration(value));
        case "lateBy" -> withLateBy(duration(value));
        case "tripWindow" -> withTripWindow(Integer.parseInt(value));
        default -> key.startsWith("force.")
            ? forcing(Long.parseLong(key.substring("force.".length())), Fault.fromLabel(value))
            : with(Fault.fromLabel(key), Double.parseDouble(value));
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("chaos profile: bad value for '" + key + "': '" + value + "'", e);
    }
  }

  public ChaosProfile withSeed(long value) {
    return new ChaosProfile(value, probabilities, downtime, slowness, retryAfter, lateBy, tripWindow, forced);
  }

  /** This profile with {@code fault} drawn with {@code probability} per attempt. */
  public ChaosProfile with(Fault fault, double probability) {
    var copy = new EnumMap<Fault, Double>(Fault.class);
    copy.putAll(probabilities);
    copy.put(fault, probability);
    return new ChaosProfile(seed, copy, downtime, slowness, retryAfter, lateBy, tripWindow, forced);
  }

  public ChaosProfile withDowntime(Duration value) {
    return new ChaosProfile(seed, probabilities, value, slowness, retryAfter, lateBy, tripWindow, forced);
  }

  public ChaosProfile withSlowness(Duration value) {
    return new ChaosProfile(seed, probabilities, downtime, value, retryAfter, lateBy, tripWindow, forced);
  }

  public ChaosProfile withRetryAfter(Duration value) {
    return new ChaosProfile(seed, probabilities, downtime, slowness, value, lateBy, tripWindow, forced);
  }

  public ChaosProfile withLateBy(Duration value) {
    return new ChaosProfile(seed, probabilities, downtime, slowness, retryAfter, value, tripWindow, forced);
  }

  public ChaosProfile withTripWindow(int heartbeats) {
    return new ChaosProfile(seed, probabilities, downtime, slowness, retryAfter, lateBy, heartbeats, forced);
  }

  /** This profile with the {@code run}-th run (1-based) of each wrapped agent hit by {@code fault}. */
  public ChaosProfile forcing(long run, Fault fault) {
    var copy = new TreeMap<>(forced);
    copy.put(run, Objects.requireNonNull(fault, "fault"));
    return new ChaosProfile(seed, probabilities, downtime, slowness, retryAfter, lateBy, tripWindow, copy);
  }

  /** The probability of {@code fault} per attempt. */
  public double probability(Fault fault) {
    return probabilities.getOrDefault(fault, 0.0);
  }

  /**
   * The fault for an attempt, if any: forced by the agent's run number, else drawn from
   * {@code (seed, jobId, stepId, attempt)}.
   */
  Optional<Plan> plan(long run, String jobId, String stepId, int attempt) {
    var random = new SplittableRandom(Seeds.of(seed, jobId, stepId, Integer.toString(attempt)));
    double draw = random.nextDouble();
    int tripAfter = random.nextInt(tripWindow + 1);
    Fault forcedFault = forced.get(run);
    if (forcedFault != null) {
      return Optional.of(new Plan(forcedFault, tripAfter, true));
    }
    double cumulative = 0;
    for (var entry : probabilities.entrySet()) {
      cumulative += entry.getValue();
      if (draw < cumulative) {
        return Optional.of(new Plan(entry.getKey(), tripAfter, false));
      }
    }
    return Optional.empty();
  }

  /** The text form, which {@link #parse} reads back to an equal profile. */
  @Override
  public String toString() {
    var text = new StringBuilder("seed=").append(seed);
    probabilities.forEach((fault, p) -> text.append(',').append(fault.label()).append('=').append(p));
    text.append(",downtime=").append(downtime)
        .append(",slowness=").append(slowness)
        .append(",retryAfter=").append(retryAfter)
        .append(",lateBy=").append(lateBy)
        .append(",tripWindow=").append(tripWindow);
    forced.forEach((run, fault) -> text.append(",force.").append(run).append('=').append(fault.label()));
    return text.toString();
  }

  /**
   * One attempt's fault.
   *
   * @param tripAfter for a mid-stream fault, the delegate heartbeats let through before it strikes
   * @param forced whether the fault was forced rather than drawn: a forced one must happen
   */
  record Plan(Fault fault, int tripAfter, boolean forced) {}

  private static Duration duration(String value) {
    var shorthand = SHORT_DURATION.matcher(value);
    if (!shorthand.matches()) {
      return Duration.parse(value);
    }
    long amount = Long.parseLong(shorthand.group(1));
    return switch (shorthand.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  private static void requirePositive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException("chaos profile: " + field + " must be positive, was " + value);
    }
  }
}
