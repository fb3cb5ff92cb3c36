package io.lifeline.checkpoint;

/** How a checkpoint's state relates to the ones before it. */
public enum CheckpointKind {
  /** The whole state: restoring starts here. */
  FULL,
  /** A change (an appended chunk of text, say) applied on top of the previous checkpoints. */
  DELTA
}
