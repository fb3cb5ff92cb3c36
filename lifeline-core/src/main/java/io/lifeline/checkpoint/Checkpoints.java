package io.lifeline.checkpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Restoring and pruning the checkpoints of one step. */
public final class Checkpoints {

  /** How many checkpoints a step keeps unless configured otherwise. */
  public static final int DEFAULT_KEEP_LAST = 5;

  private Checkpoints() {}

  /**
   * The state to resume from: the latest FULL checkpoint and the DELTAs after it. Empty when the
   * step has no FULL checkpoint (DELTAs without a base cannot be restored).
   */
  public static Optional<RestoredState> restore(List<Checkpoint> checkpoints) {
    var sorted = new ArrayList<>(checkpoints);
    sorted.sort(Comparator.comparingLong(Checkpoint::seq));
    int base = -1;
    for (int i = sorted.size() - 1; i >= 0; i--) {
      if (sorted.get(i).kind() == CheckpointKind.FULL) {
        base = i;
        break;
      }
    }
    if (base < 0) {
      return Optional.empty();
    }
    var deltas = new ArrayList<byte[]>();
    for (int i = base + 1; i < sorted.size(); i++) {
      deltas.add(sorted.get(i).state());
    }
    var newest = sorted.getLast();
    return Optional.of(new RestoredState(sorted.get(base).state(), deltas, newest.seq(), newest.progress()));
  }

  /**
   * The smallest sequence number to keep so that at least the last {@code keepLast} checkpoints
   * survive and the newest one stays restorable: a DELTA is useless without the FULL below it, so
   * that FULL is kept even when it is older than the last {@code keepLast}.
   *
   * @param checkpoints the step's checkpoints in any order
   * @return every checkpoint with {@code seq} below this may be deleted
   */
  public static long firstSeqToKeep(List<Checkpoint> checkpoints, int keepLast) {
    if (keepLast < 1) {
      throw new IllegalArgumentException("keepLast must be >= 1, was " + keepLast);
    }
    if (checkpoints.isEmpty()) {
      return Long.MIN_VALUE;
    }
    var sorted = new ArrayList<>(checkpoints);
    sorted.sort(Comparator.comparingLong(Checkpoint::seq));
    long byCount = sorted.get(Math.max(0, sorted.size() - keepLast)).seq();
    long latestFull = Long.MIN_VALUE;
    for (var checkpoint : sorted) {
      if (checkpoint.kind() == CheckpointKind.FULL) {
        latestFull = checkpoint.seq();
      }
    }
    return latestFull == Long.MIN_VALUE ? byCount : Math.min(byCount, latestFull);
  }
}
