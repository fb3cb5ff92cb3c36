package io.lifeline.store;

import static io.lifeline.checkpoint.CheckpointKind.DELTA;
import static io.lifeline.checkpoint.CheckpointKind.FULL;
import static io.lifeline.store.StoreFixtures.T0;
import static io.lifeline.store.StoreFixtures.agentJoined;
import static io.lifeline.store.StoreFixtures.append;
import static io.lifeline.store.StoreFixtures.checkpoint;
import static io.lifeline.store.StoreFixtures.failed;
import static io.lifeline.store.StoreFixtures.job;
import static io.lifeline.store.StoreFixtures.jobWithStep;
import static io.lifeline.store.StoreFixtures.output;
import static io.lifeline.store.StoreFixtures.put;
import static io.lifeline.store.StoreFixtures.step;
import static io.lifeline.store.StoreFixtures.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.event.Event;
import io.lifeline.event.EventJson;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} shares. A store's test extends this class and supplies
 * {@link #newStore()}; a store that keeps its data across {@link Store#close()} also overrides
 * {@link #reopen(Store)}, and one that keeps coarser instants overrides {@link #instantPrecision()}.
 *
 * <p>Beyond the {@link Store} and {@link Write} Javadoc, the contract is:
 * <ul>
 *   <li><b>All or nothing.</b> A commit that a store refuses midway leaves none of its writes
 *       visible (checkpoint pruning included), and the store goes on working.
 *   <li><b>Refused writes</b> throw {@link StoreException}: a {@code PutJob} whose idempotency key
 *       belongs to another job at that point of the batch; a step whose job, or an output or
 *       checkpoint whose step, does not exist once the whole batch is applied (so a batch may
 *       write a step before its job).
 *   <li><b>Replacing keeps position.</b> A job or step written again is updated in place: it keeps
 *       its place in submission order ({@code jobs}, {@code unfinishedJobs}) and step order.
 *       Writing a checkpoint with a sequence number the step already has replaces it.
 *   <li><b>Events are a log.</b> An event may name any job id, known or not (refusing it would fail
 *       a whole group commit). Agent events ({@code jobId ""}) appear in {@code events} only, never
 *       in a {@code history}; {@code history("")} is empty. Sequence numbers are positive, grow
 *       strictly in append order and are never reused, across reopen too (there may be gaps).
 *   <li><b>Exact round trips</b> of strings (any Unicode), maps, bytes, longs and doubles. Instants
 *       read back truncated to {@link #instantPrecision()}, which is microseconds or finer.
 *   <li><b>Snapshots.</b> Changing a byte array after passing it to {@code commit}, or one that a
 *       read returned, changes nothing stored.
 *   <li><b>Bad arguments.</b> A negative {@code limit} throws {@link IllegalArgumentException}.
 *   <li><b>Closing.</b> {@code close} is idempotent; {@code commit} on a closed store throws
 *       {@link StoreException}.
 * </ul>
 */
public abstract class StoreContract {

  /** Large enough to mean "everything" in these tests. */
  private static final int ALL = 10_000;

  protected Store store;

  /** A new, empty store. */
  protected abstract Store newStore();

  /**
   * Closes {@code store} and opens the same data again. Stores that keep nothing across close keep
   * this default, which skips the durability tests.
   */
  protected Store reopen(Store store) {
    Assumptions.abort(getClass().getSimpleName() + " keeps nothing across close");
    throw new AssertionError("unreachable");
  }

  /** The finest unit of time this store keeps; must be {@link ChronoUnit#MICROS} or finer. */
  protected ChronoUnit instantPrecision() {
    return ChronoUnit.NANOS;
  }

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---- jobs ------------------------------------------------------------------------------------

  @Test
  void aJobReadsBackAsWritten() {
    var job = new JobRecord("j1", "诗 poem", Map.of("topic", "tides", "说明", "a=b&c%20+\n\\", "", ""), "k1",
        JobState.RUNNING, new Budget(7, 5_000, 12.5, 0.4), 3, 1_234, 0.1 + 0.2, T0, Optional.of(T0.plusSeconds(9)),
        "line one\nline two — ✓ 🖋");
    store.commit(List.of(put(job)));

    assertThat(store.job("j1")).contains(job);
    assertThat(store.job("nope")).isEmpty();
  }

  @Test
  void laterWritesInABatchWin() {
    store.commit(List.of(put(job("j1", JobState.QUEUED)), put(job("j1", JobState.RUNNING))));

    assertThat(store.job("j1")).map(JobRecord::state).contains(JobState.RUNNING);
  }

  @Test
  void replacingAJobUpdatesItInPlace() {
    store.commit(List.of(put(job("a")), put(job("b")), put(job("c"))));
    var finished = new JobRecord("a", "blog-post", Map.of(), "key-a", JobState.SUCCEEDED,
        Budget.DEFAULT, 4, 900, 1.5, T0, Optional.of(T0.plusSeconds(60)), "");
    store.commit(List.of(put(finished), put(job("b", JobState.RUNNING))));

    assertThat(store.job("a")).contains(finished);
    assertThat(store.jobs(Optional.empty(), ALL)).extracting(JobRecord::jobId).containsExactly("a", "b", "c");
    assertThat(store.unfinishedJobs()).extracting(JobRecord::jobId).containsExactly("b", "c");
  }

  @Test
  void aLateChargeAddsToAFinishedJobsSpendAndSkipsAJobThatIsNotThere() {
    var finished = new JobRecord("j1", "blog-post", Map.of(), "key-j1", JobState.SUCCEEDED, Budget.DEFAULT, 3, 100,
        0.5, T0, Optional.of(T0.plusSeconds(9)), "");
    store.commit(List.of(put(finished)));

    store.commit(List.of(new Write.ChargeJob("j1", 40, 0.25), new Write.ChargeJob("ghost", 1, 1)));

    var charged = store.job("j1").orElseThrow();
    assertThat(charged.tokensUsed()).isEqualTo(140);
    assertThat(charged.costUsed()).isEqualTo(0.75);
    assertThat(charged.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(store.job("ghost")).isEmpty();
  }

  @Test
  void idempotencyKeyFindsTheJob() {
    store.commit(List.of(put(job("j1")), put(job("j2"))));
    store.commit(List.of(put(job("j2", JobState.RUNNING))));

    assertThat(store.jobByIdempotencyKey("key-j2")).contains(job("j2", JobState.RUNNING));
    assertThat(store.jobByIdempotencyKey("key-unknown")).isEmpty();
  }

  @Test
  void anIdempotencyKeyBelongsToOneJob() {
    store.commit(List.of(put(job("j1"))));

    assertThatThrownBy(() -> store.commit(List.of(put(job("j2", JobState.QUEUED, "key-j1")))))
        .isInstanceOf(StoreException.class);
    assertThat(store.jobByIdempotencyKey("key-j1")).map(JobRecord::jobId).contains("j1");
    assertThat(store.job("j2")).isEmpty();
  }

  @Test
  void aJobThatChangesItsKeyFreesTheOldOne() {
    store.commit(List.of(put(job("j1"))));
    store.commit(List.of(put(job("j1", JobState.QUEUED, "new-key")), put(job("j2", JobState.QUEUED, "key-j1"))));

    assertThat(store.jobByIdempotencyKey("new-key")).map(JobRecord::jobId).contains("j1");
    assertThat(store.jobByIdempotencyKey("key-j1")).map(JobRecord::jobId).contains("j2");
  }

  @Test
  void unfinishedJobsAreTheNonTerminalOnesInSubmissionOrder() {
    store.commit(List.of(put(job("q1")), put(job("ok", JobState.SUCCEEDED)), put(job("r1", JobState.RUNNING)),
        put(job("bad", JobState.FAILED)), put(job("q2")), put(job("gone", JobState.CANCELLED))));

    assertThat(store.unfinishedJobs()).extracting(JobRecord::jobId).containsExactly("q1", "r1", "q2");
  }

  @Test
  void jobsFiltersByStateAndLimits() {
    for (int i = 0; i < 6; i++) {
      store.commit(List.of(put(job("j" + i, i % 2 == 0 ? JobState.QUEUED : JobState.SUCCEEDED))));
    }

    assertThat(store.jobs(Optional.empty(), 4)).extracting(JobRecord::jobId).containsExactly("j0", "j1", "j2", "j3");
    assertThat(store.jobs(Optional.of(JobState.QUEUED), ALL)).extracting(JobRecord::jobId)
        .containsExactly("j0", "j2", "j4");
    assertThat(store.jobs(Optional.of(JobState.SUCCEEDED), 2)).extracting(JobRecord::jobId)
        .containsExactly("j1", "j3");
    assertThat(store.jobs(Optional.of(JobState.FAILED), ALL)).isEmpty();
    assertThat(store.jobs(Optional.empty(), 0)).isEmpty();
  }

  @Test
  void countByStateLeavesOutEmptyStates() {
    assertThat(store.countByState()).isEmpty();
    store.commit(List.of(put(job("a")), put(job("b")), put(job("c", JobState.FAILED))));

    assertThat(store.countByState()).isEqualTo(Map.of(JobState.QUEUED, 2L, JobState.FAILED, 1L));
  }

  @Test
  void negativeLimitsAreRefused() {
    assertThatThrownBy(() -> store.jobs(Optional.empty(), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> store.events(0, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  // ---- steps -----------------------------------------------------------------------------------

  @Test
  void stepsKeepTheOrderTheyWereFirstWrittenIn() {
    store.commit(List.of(put(job("j1")), put(job("j2")), put(step("j1", "outline")), put(step("j1", "draft")),
        put(step("j2", "other"))));
    store.commit(List.of(put(step("j1", "polish")), put(step("j1", "outline", StepState.SUCCEEDED))));

    assertThat(store.steps("j1")).extracting(StepRecord::stepId).containsExactly("outline", "draft", "polish");
    assertThat(store.steps("j1").getFirst().state()).isEqualTo(StepState.SUCCEEDED);
    assertThat(store.steps("unknown")).isEmpty();
  }

  @Test
  void aStepWithHistoryAndOptionalsReadsBackAsWritten() {
    var history = List.of(
        new AttemptRecord(1, "writer-1", 0, Optional.of(FailureKind.TIMEOUT)),
        new AttemptRecord(2, "writer-2", 1, Optional.of(FailureKind.LOW_QUALITY)),
        new AttemptRecord(3, "writer-3", 1, Optional.empty()));
    var waiting = new StepRecord("j1", "draft", StepState.WAITING_RETRY, 3, "writer-3", 1,
        Optional.of(T0.plusMillis(1_500)), "writer-4", history, "score 0.41 < 0.6");
    var fresh = step("j1", "polish");
    store.commit(List.of(put(job("j1")), put(waiting), put(fresh)));

    assertThat(store.steps("j1")).containsExactly(waiting, fresh);
  }

  // ---- outputs ---------------------------------------------------------------------------------

  @Test
  void anOutputKeepsItsBytesMetadataAndUsageExactly() {
    byte[] content = new byte[256 * 1024];
    new Random(7).nextBytes(content);
    var metadata = Map.of("model", "gpt-x", "a=b&c", "100% ✓\nnew line", "", "empty key", "empty value", "");
    var image = new Output("image/png", content, metadata, new Usage(Long.MAX_VALUE, 0.1 + 0.2));
    var empty = new Output("text/plain", new byte[0], Map.of(), Usage.NONE);
    store.commit(List.of(put(job("j1")), put(step("j1", "img")), put(step("j1", "txt")),
        put("j1", "img", image), put("j1", "txt", empty)));

    assertSameOutput(store.output("j1", "img"), image);
    assertSameOutput(store.output("j1", "txt"), empty);
    assertThat(store.output("j1", "none")).isEmpty();
  }

  @Test
  void writingAnOutputAgainReplacesIt() {
    store.commit(jobWithStep("j1", "s"));
    store.commit(List.of(put("j1", "s", output("first"))));
    store.commit(List.of(put("j1", "s", output("second"))));

    assertThat(store.output("j1", "s")).map(Output::text).contains("second");
  }

  @Test
  void storedBytesAreASnapshot() {
    store.commit(jobWithStep("j1", "s"));
    byte[] content = {1, 2, 3};
    var cp = checkpoint("j1", "s", 1, FULL);
    store.commit(List.of(put("j1", "s", Output.of("application/octet-stream", content)), put(cp, 5)));
    content[0] = 9;
    cp.state()[0] = 9;
    store.output("j1", "s").orElseThrow().content()[1] = 9;
    store.checkpoints("j1", "s").getFirst().state()[1] = 9;

    assertThat(store.output("j1", "s").orElseThrow().content()).containsExactly(1, 2, 3);
    assertThat(store.checkpoints("j1", "s").getFirst().state()).isEqualTo(checkpoint("j1", "s", 1, FULL).state());
  }

  // ---- checkpoints -----------------------------------------------------------------------------

  @Test
  void aCheckpointReadsBackAsWritten() {
    store.commit(jobWithStep("j1", "s"));
    var cp = new Checkpoint("j1", "s", 3, 17, T0.plusMillis(250), DELTA, new byte[] {0, -1, 127, -128}, Long.MAX_VALUE);
    store.commit(List.of(put(cp, 5)));

    assertThat(store.checkpoints("j1", "s")).singleElement().usingRecursiveComparison().isEqualTo(cp);
    assertThat(store.checkpoints("j1", "other")).isEmpty();
  }

  @Test
  void checkpointsKeepTheLastNOldestFirst() {
    store.commit(jobWithStep("j1", "s"));
    for (long seq = 1; seq <= 6; seq++) {
      store.commit(List.of(put(checkpoint("j1", "s", seq, FULL), 3)));
    }

    assertThat(seqs("j1", "s")).containsExactly(4L, 5L, 6L);
  }

  @Test
  void pruningNeverDropsTheFullThatNewerDeltasNeed() {
    store.commit(jobWithStep("j1", "s"));
    store.commit(List.of(put(checkpoint("j1", "s", 1, FULL), 2), put(checkpoint("j1", "s", 2, DELTA), 2),
        put(checkpoint("j1", "s", 3, DELTA), 2), put(checkpoint("j1", "s", 4, DELTA), 2)));
    assertThat(seqs("j1", "s")).containsExactly(1L, 2L, 3L, 4L);

    store.commit(List.of(put(checkpoint("j1", "s", 5, FULL), 2), put(checkpoint("j1", "s", 6, DELTA), 2)));
    assertThat(seqs("j1", "s")).containsExactly(5L, 6L);
  }

  @Test
  void checkpointsArePrunedPerStep() {
    store.commit(List.of(put(job("j1")), put(step("j1", "a")), put(step("j1", "b"))));
    store.commit(List.of(put(checkpoint("j1", "a", 1, FULL), 1), put(checkpoint("j1", "b", 1, FULL), 1),
        put(checkpoint("j1", "a", 2, FULL), 1)));

    assertThat(seqs("j1", "a")).containsExactly(2L);
    assertThat(seqs("j1", "b")).containsExactly(1L);
  }

  @Test
  void aCheckpointWithAKnownSeqReplacesIt() {
    store.commit(jobWithStep("j1", "s"));
    store.commit(List.of(put(checkpoint("j1", "s", 1, FULL), 5)));
    var again = new Checkpoint("j1", "s", 2, 1, T0, FULL, new byte[] {42}, 7);
    store.commit(List.of(put(again, 5)));

    assertThat(store.checkpoints("j1", "s")).singleElement().usingRecursiveComparison().isEqualTo(again);
  }

  // ---- latencies -------------------------------------------------------------------------------

  @Test
  void latenciesReadBackByKindOldestFirstToTheNanosecond() {
    assertThat(store.latencies()).isEmpty();
    store.commit(List.of(latency("text", Duration.ofNanos(1_500_000_001), 5), latency("image", Duration.ofSeconds(9), 5),
        latency("text", Duration.ZERO, 5)));

    assertThat(store.latencies()).containsOnlyKeys("image", "text");
    assertThat(store.latencies().get("text")).containsExactly(Duration.ofNanos(1_500_000_001), Duration.ZERO);
    assertThat(store.latencies().get("image")).containsExactly(Duration.ofSeconds(9));
  }

  @Test
  void latenciesKeepTheLastNOfEachKind() {
    for (int s = 1; s <= 6; s++) {
      store.commit(List.of(latency("text", Duration.ofSeconds(s), 3)));
    }
    store.commit(List.of(latency("image", Duration.ofSeconds(1), 1), latency("image", Duration.ofSeconds(2), 1)));

    assertThat(store.latencies().get("text"))
        .containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(6));
    assertThat(store.latencies().get("image")).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void aLatencyOfARefusedBatchIsNotKept() {
    assertThatThrownBy(() -> store.commit(List.of(latency("text", Duration.ofSeconds(1), 5), put(step("ghost", "s")))))
        .isInstanceOf(StoreException.class);

    assertThat(store.latencies()).isEmpty();
  }

  private static Write latency(String kind, Duration latency, int keepLast) {
    return new Write.RecordLatency(kind, latency, keepLast);
  }

  // ---- events ----------------------------------------------------------------------------------

  @Test
  void historyIsTheJobsEventsInAppendOrder() {
    var e1 = submitted("j1");
    var e2 = failed("j1", "draft", 1);
    store.commit(List.of(put(job("j1")), put(job("j2")), append(e1), append(submitted("j2")), append(e2)));

    var history = store.history("j1");
    assertThat(history).extracting(StoredEvent::json).containsExactly(EventJson.encode(e1), EventJson.encode(e2));
    assertThat(history).extracting(StoredEvent::type).containsExactly("JobSubmitted", "AttemptFailed");
    assertThat(history).allSatisfy(e -> {
      assertThat(e.jobId()).isEqualTo("j1");
      assertThat(e.at()).isEqualTo(T0);
    });
    assertThat(history.get(0).seq()).isPositive().isLessThan(history.get(1).seq());
  }

  @Test
  void agentEventsAreInNoJobsHistory() {
    store.commit(List.of(put(job("j1")), append(agentJoined("writer-1")), append(submitted("j1"))));

    assertThat(store.history("j1")).extracting(StoredEvent::type).containsExactly("JobSubmitted");
    assertThat(store.history("")).isEmpty();
    assertThat(store.events(0, ALL)).extracting(StoredEvent::jobId).containsExactly("", "j1");
  }

  @Test
  void anEventMayNameAJobTheStoreDoesNotHave() {
    store.commit(List.of(append(failed("ghost", "s", 1))));

    assertThat(store.history("ghost")).hasSize(1);
  }

  @Test
  void eventsPageBySeq() {
    store.commit(List.of(put(job("j1"))));
    for (int i = 1; i <= 7; i++) {
      store.commit(List.of(append(failed("j1", "s", i))));
    }

    var seen = new ArrayList<StoredEvent>();
    long after = 0;
    for (var page = store.events(after, 3); !page.isEmpty(); page = store.events(after, 3)) {
      assertThat(page.size()).isLessThanOrEqualTo(3);
      seen.addAll(page);
      after = page.getLast().seq();
    }
    assertThat(seen).extracting(StoredEvent::json)
        .containsExactlyElementsOf(store.history("j1").stream().map(StoredEvent::json).toList());
    assertThat(seen).hasSize(7).extracting(StoredEvent::seq).isSorted().doesNotHaveDuplicates();
    assertThat(store.events(seen.get(4).seq(), ALL)).extracting(StoredEvent::seq)
        .containsExactly(seen.get(5).seq(), seen.get(6).seq());
    assertThat(store.events(-1, 0)).isEmpty();
  }

  // ---- time ------------------------------------------------------------------------------------

  @Test
  void precisionIsMicrosecondsOrFiner() {
    assertThat(instantPrecision().getDuration()).isLessThanOrEqualTo(Duration.ofNanos(1_000));
  }

  @Test
  void instantsReadBackTruncatedToThePrecision() {
    var precise = Instant.parse("2026-03-04T05:06:07.123456789Z");
    var beforeEpoch = Instant.parse("1969-12-31T23:59:59.999999999Z");
    var job = new JobRecord("j1", "w", Map.of(), "k", JobState.SUCCEEDED, Budget.DEFAULT, 0, 0, 0, beforeEpoch,
        Optional.of(precise), "");
    var step = new StepRecord("j1", "s", StepState.WAITING_RETRY, 1, "a", 0, Optional.of(precise), "", List.of(), "");
    var cp = new Checkpoint("j1", "s", 1, 1, precise, FULL, new byte[0], 0);
    store.commit(List.of(put(job), put(step), put(cp, 5), append(new Event.JobSucceeded("j1", precise, ""))));

    var unit = instantPrecision();
    var readJob = store.job("j1").orElseThrow();
    assertThat(readJob.submittedAt()).isEqualTo(beforeEpoch.truncatedTo(unit));
    assertThat(readJob.finishedAt()).contains(precise.truncatedTo(unit));
    assertThat(store.steps("j1").getFirst().notBefore()).contains(precise.truncatedTo(unit));
    assertThat(store.checkpoints("j1", "s").getFirst().at()).isEqualTo(precise.truncatedTo(unit));
    assertThat(store.history("j1").getFirst().at()).isEqualTo(precise.truncatedTo(unit));
  }

  // ---- atomicity -------------------------------------------------------------------------------

  @Test
  void aStepOfAnUnknownJobIsRefusedAndNothingOfTheBatchIsVisible() {
    assertThatThrownBy(() -> store.commit(List.of(put(job("j1")), append(submitted("j1")), put(step("ghost", "s")))))
        .isInstanceOf(StoreException.class);

    assertNothingVisible();
  }

  @Test
  void anOutputOrCheckpointOfAnUnknownStepIsRefused() {
    store.commit(jobWithStep("j1", "s"));

    assertThatThrownBy(() -> store.commit(List.of(put("j1", "ghost", output("x")))))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.commit(List.of(put(checkpoint("j1", "ghost", 1, FULL), 5))))
        .isInstanceOf(StoreException.class);
    assertThat(store.output("j1", "ghost")).isEmpty();
    assertThat(store.checkpoints("j1", "ghost")).isEmpty();
  }

  @Test
  void referencesAreCheckedAfterTheWholeBatch() {
    store.commit(List.of(put("j1", "s", output("early")), put(step("j1", "s")), put(job("j1"))));

    assertThat(store.output("j1", "s")).map(Output::text).contains("early");
  }

  @Test
  void aRefusedBatchPrunesNothing() {
    store.commit(jobWithStep("j1", "s"));
    store.commit(List.of(put(checkpoint("j1", "s", 1, FULL), 5), put(checkpoint("j1", "s", 2, FULL), 5)));

    assertThatThrownBy(() -> store.commit(List.of(put(checkpoint("j1", "s", 3, FULL), 1), put(step("ghost", "s")))))
        .isInstanceOf(StoreException.class);
    assertThat(seqs("j1", "s")).containsExactly(1L, 2L);
  }

  @Test
  void theStoreWorksAfterARefusedCommit() {
    assertThatThrownBy(() -> store.commit(List.of(put(step("ghost", "s"))))).isInstanceOf(StoreException.class);
    store.commit(List.of(put(job("j1")), append(submitted("j1"))));

    assertThat(store.job("j1")).isPresent();
    assertThat(store.history("j1")).hasSize(1);
  }

  @Test
  void anEmptyBatchChangesNothing() {
    store.commit(List.of());

    assertNothingVisible();
  }

  private void assertNothingVisible() {
    assertThat(store.jobs(Optional.empty(), ALL)).isEmpty();
    assertThat(store.countByState()).isEmpty();
    assertThat(store.jobByIdempotencyKey("key-j1")).isEmpty();
    assertThat(store.events(0, ALL)).isEmpty();
  }

  // ---- concurrency -----------------------------------------------------------------------------

  /**
   * Writers commit batches of a job, its step and two events while readers keep reading: a reader
   * must see each batch whole or not at all, and never go back in time.
   */
  @Test
  void readersSeeWholeBatchesWhileWritersCommit() throws Exception {
    int writers = 2;
    int readers = 3;
    int batches = 40;
    var writing = new CountDownLatch(writers);
    var reads = new AtomicLong();
    var tasks = new ArrayList<Future<?>>();
    try (var pool = Executors.newFixedThreadPool(writers + readers)) {
      for (int w = 0; w < writers; w++) {
        String prefix = "w" + w + "-";
        tasks.add(pool.submit(() -> {
          try {
            for (int i = 0; i < batches; i++) {
              String jobId = prefix + i;
              store.commit(List.of(put(job(jobId, JobState.RUNNING)), put(step(jobId, "s")),
                  append(submitted(jobId)), append(failed(jobId, "s", 1))));
            }
          } finally {
            writing.countDown();
          }
          return null;
        }));
      }
      for (int r = 0; r < readers; r++) {
        tasks.add(pool.submit(() -> {
          long jobsBefore = 0;
          do {
            jobsBefore = readConsistently(jobsBefore);
            reads.incrementAndGet();
          } while (writing.getCount() > 0);
          return null;
        }));
      }
      for (var task : tasks) {
        task.get(2, TimeUnit.MINUTES);
      }
    }
    assertThat(reads.get()).isGreaterThanOrEqualTo(readers);
    assertThat(store.countByState()).containsExactly(Map.entry(JobState.RUNNING, (long) writers * batches));
    assertThat(store.events(0, ALL)).hasSize(2 * writers * batches);
  }

  private long readConsistently(long jobsBefore) {
    var events = store.events(0, ALL);
    assertThat(events).extracting(StoredEvent::seq).isSorted().doesNotHaveDuplicates();
    var perJob = new HashMap<String, Integer>();
    events.forEach(e -> perJob.merge(e.jobId(), 1, Integer::sum));
    assertThat(perJob.values()).allSatisfy(n -> assertThat(n).isEqualTo(2));

    var jobs = store.jobs(Optional.empty(), ALL);
    assertThat((long) jobs.size()).isGreaterThanOrEqualTo(jobsBefore);
    if (!jobs.isEmpty()) {
      String newest = jobs.getLast().jobId();
      assertThat(store.steps(newest)).hasSize(1);
      assertThat(store.history(newest)).hasSize(2);
    }
    return jobs.size();
  }

  // ---- lifecycle and durability ----------------------------------------------------------------

  @Test
  void closeIsIdempotentAndAClosedStoreRefusesCommits() {
    store.close();
    store.close();

    assertThatThrownBy(() -> store.commit(List.of(put(job("j1"))))).isInstanceOf(StoreException.class);
  }

  @Test
  void everythingCommittedSurvivesReopen() {
    var image = new Output("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Map.of("size", "64x64"),
        new Usage(0, 0.04));
    var cp = checkpoint("j1", "s", 3, FULL);
    store.commit(List.of(put(job("j1", JobState.RUNNING)), put(step("j1", "s", StepState.SUCCEEDED)),
        put("j1", "s", image), put(cp, 5), append(submitted("j1")), append(agentJoined("painter")),
        latency("text", Duration.ofMillis(1234), 5)));
    long lastSeq = store.events(0, ALL).getLast().seq();

    store = reopen(store);

    assertThat(store.job("j1")).contains(job("j1", JobState.RUNNING));
    assertThat(store.jobByIdempotencyKey("key-j1")).isPresent();
    assertThat(store.steps("j1")).containsExactly(step("j1", "s", StepState.SUCCEEDED));
    assertSameOutput(store.output("j1", "s"), image);
    assertThat(store.checkpoints("j1", "s")).singleElement().usingRecursiveComparison().isEqualTo(cp);
    assertThat(store.events(0, ALL)).hasSize(2);
    assertThat(store.latencies()).isEqualTo(Map.of("text", List.of(Duration.ofMillis(1234))));
    store.commit(List.of(append(failed("j1", "s", 2))));
    assertThat(store.events(lastSeq, ALL)).singleElement().extracting(StoredEvent::seq)
        .satisfies(seq -> assertThat(seq).isGreaterThan(lastSeq));
  }

  @Test
  void aRefusedBatchIsNotThereAfterReopen() {
    store.commit(List.of(put(job("j1"))));
    assertThatThrownBy(() -> store.commit(List.of(put(job("j2")), put(step("ghost", "s")))))
        .isInstanceOf(StoreException.class);

    store = reopen(store);

    assertThat(store.jobs(Optional.empty(), ALL)).extracting(JobRecord::jobId).containsExactly("j1");
  }

  /** Compares the content as one array: field by field, AssertJ would take seconds on big content. */
  private static void assertSameOutput(Optional<Output> actual, Output expected) {
    assertThat(actual).isPresent();
    assertThat(actual.get().content()).isEqualTo(expected.content());
    assertThat(actual.get()).usingRecursiveComparison().ignoringFields("content").isEqualTo(expected);
  }

  private List<Long> seqs(String jobId, String stepId) {
    return store.checkpoints(jobId, stepId).stream().map(Checkpoint::seq).toList();
  }
}
