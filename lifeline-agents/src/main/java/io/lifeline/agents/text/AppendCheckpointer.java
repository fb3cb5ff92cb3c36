package io.lifeline.agents.text;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.model.AttemptContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Checkpoints append-only text: the first checkpoint of a fresh attempt is FULL (the text so far),
 * every later one — and every one of a resumed attempt, whose base is already durable — is a
 * DELTA holding only the text appended since the previous checkpoint. Restoring concatenates
 * them ({@link io.lifeline.checkpoint.RestoredState#concatenated()}).
 *
 * <p>A checkpoint is due once the context's suggested interval has passed on its ticker: the
 * engine's Young/Daly interval, which weighs the measured failure rate of the agent kind against
 * the measured checkpoint cost. An optional {@code everyChunks} makes it due after that many chunks
 * too, whichever comes first, for a caller that wants to bound the chunks a failure can cost
 * whatever the time; it overrides the interval whenever chunks are fast, so it is off unless asked
 * for. Chunks arrive one at a time, so a checkpoint is taken at the first chunk after the interval. {@link #flush} saves what is pending
 * at once, for an attempt that is about to fail but whose text so far is good; {@link #discard}
 * empties the step's text, for one whose text must not be continued (a refusal, unsafe content).
 *
 * <p>Not thread-safe: one attempt's thread drives it.
 */
public final class AppendCheckpointer {

  private final AttemptContext context;
  private final OptionalInt everyChunks;
  private final StringBuilder pending = new StringBuilder();
  private boolean baseSaved;
  private int chunksPending;
  private long lastNanos;

  /**
   * @param context the attempt to checkpoint
   * @param everyChunks a checkpoint is due after this many chunks even if the interval has not
   *     passed; empty = the interval alone decides
   * @param resumed whether the attempt resumed from a checkpoint, so that its first checkpoint is a DELTA
   */
  public AppendCheckpointer(AttemptContext context, OptionalInt everyChunks, boolean resumed) {
    if (everyChunks.isPresent() && everyChunks.getAsInt() < 1) {
      throw new IllegalArgumentException("everyChunks must be >= 1, was " + everyChunks.getAsInt());
    }
    this.context = context;
    this.everyChunks = everyChunks;
    this.baseSaved = resumed;
    this.lastNanos = context.ticker().read();
  }

  /**
   * Starts from {@code text} that no durable checkpoint holds as it is — a restored checkpoint
   * trimmed to whole chunks, say: the next checkpoint is a FULL that begins with it.
   */
  public void rebase(String text) {
    pending.setLength(0);
    pending.append(text);
    baseSaved = false;
  }

  /** Records that {@code chunk} was appended, bringing the work done to {@code progress} chunks. */
  public void appended(String chunk, long progress) {
    pending.append(chunk);
    chunksPending++;
    long now = context.ticker().read();
    Duration interval = context.suggestedCheckpointInterval();
    boolean enoughChunks = everyChunks.isPresent() && chunksPending >= everyChunks.getAsInt();
    if (enoughChunks || now - lastNanos - interval.toNanos() >= 0) {
      save(progress, now);
    }
  }

  /** Saves the text appended since the last checkpoint, if there is any, bringing the work done to {@code progress}. */
  public void flush(long progress) {
    if (!pending.isEmpty()) {
      save(progress, context.ticker().read());
    }
  }

  /**
   * Saves an empty FULL checkpoint, so that the next attempt starts from nothing instead of
   * continuing the text checkpointed so far, which turned out to be a refusal or unsafe.
   */
  public void discard() {
    pending.setLength(0);
    chunksPending = 0;
    context.checkpoint(CheckpointKind.FULL, new byte[0], 0);
    baseSaved = true;
  }

  private void save(long progress, long now) {
    var kind = baseSaved ? CheckpointKind.DELTA : CheckpointKind.FULL;
    // Asynchronous on purpose: a lost checkpoint only costs redone work, waiting costs every chunk.
    context.checkpoint(kind, pending.toString().getBytes(StandardCharsets.UTF_8), progress);
    baseSaved = true;
    pending.setLength(0);
    chunksPending = 0;
    lastNanos = now;
  }
}
