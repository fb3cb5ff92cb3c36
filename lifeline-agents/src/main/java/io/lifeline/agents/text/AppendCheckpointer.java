package io.lifeline.agents.text;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.model.AttemptContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * <p>A checkpoint that is refused or fails breaks the chain — the coordinator refuses a DELTA that
 * no longer extends the step's newest checkpoint, as when a hedge twin checkpointed in between —
 * so the next checkpoint is a FULL of the whole text again instead of DELTAs nobody accepts.
 *
 * <p>Not thread-safe: one attempt's thread drives it (only the refusal flag is set from the
 * thread that completes a checkpoint).
 */
public final class AppendCheckpointer {

  private final AttemptContext context;
  private final OptionalInt everyChunks;
  private final StringBuilder pending = new StringBuilder();
  /** All the text of this attempt's chain: the durable base and everything appended since. */
  private final StringBuilder whole = new StringBuilder();
  private final AtomicBoolean chainBroken = new AtomicBoolean();
  private boolean baseSaved;
  private int chunksPending;
  private long lastNanos;

  /**
   * @param context the attempt to checkpoint
   * @param everyChunks a checkpoint is due after this many chunks even if the interval has not
   *     passed; empty = the interval alone decides
   * @param durableBase the text the step's checkpoints already hold whole, which this attempt
   *     continues (its first checkpoint is then a DELTA); empty for a fresh attempt
   */
  public AppendCheckpointer(AttemptContext context, OptionalInt everyChunks, String durableBase) {
    if (everyChunks.isPresent() && everyChunks.getAsInt() < 1) {
      throw new IllegalArgumentException("everyChunks must be >= 1, was " + everyChunks.getAsInt());
    }
    this.context = context;
    this.everyChunks = everyChunks;
    this.baseSaved = !durableBase.isEmpty();
    this.whole.append(durableBase);
    this.lastNanos = context.ticker().read();
  }

  /**
   * Starts from {@code text} that no durable checkpoint holds as it is — a restored checkpoint
   * trimmed to whole chunks, say: the next checkpoint is a FULL that begins with it.
   */
  public void rebase(String text) {
    pending.setLength(0);
    pending.append(text);
    whole.setLength(0);
    whole.append(text);
    baseSaved = false;
  }

  /** Records that {@code chunk} was appended, bringing the work done to {@code progress} chunks. */
  public void appended(String chunk, long progress) {
    pending.append(chunk);
    whole.append(chunk);
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
    whole.setLength(0);
    chunksPending = 0;
    chainBroken.set(false);
    send(CheckpointKind.FULL, "", 0);
    baseSaved = true;
  }

  private void save(long progress, long now) {
    boolean full = chainBroken.getAndSet(false) || !baseSaved;
    send(full ? CheckpointKind.FULL : CheckpointKind.DELTA, (full ? whole : pending).toString(), progress);
    baseSaved = true;
    pending.setLength(0);
    chunksPending = 0;
    lastNanos = now;
  }

  /** Asynchronous on purpose: a lost checkpoint only costs redone work, waiting costs every chunk. */
  private void send(CheckpointKind kind, String state, long progress) {
    context.checkpoint(kind, state.getBytes(StandardCharsets.UTF_8), progress).whenComplete((saved, refused) -> {
      if (refused != null) {
        chainBroken.set(true);
      }
    });
  }
}
