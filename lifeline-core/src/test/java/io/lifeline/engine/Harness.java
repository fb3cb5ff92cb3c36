package io.lifeline.engine;

import io.lifeline.event.Event;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.Failure;
import io.lifeline.model.Output;
import io.lifeline.model.Workflow;
import io.lifeline.store.Budget;
import io.lifeline.store.MemoryStore;
import io.lifeline.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Drives a {@link Coordinator} by hand on a {@link ManualClock}, committing every batch to a
 * {@link MemoryStore} and keeping everything it emitted for assertions.
 */
final class Harness {
  static final Duration DETECTOR_TIMEOUT = Duration.ofSeconds(2);

  final ManualClock clock = new ManualClock();
  final MemoryStore store = new MemoryStore();
  final List<Event> events = new ArrayList<>();
  final List<Effects.Dispatch> dispatches = new ArrayList<>();
  final List<Effects.Cancel> cancels = new ArrayList<>();
  final List<Object> acks = new ArrayList<>();
  final List<RuntimeException> refusals = new ArrayList<>();
  final Coordinator coordinator;
  private final Map<String, Long> incarnations = new java.util.HashMap<>();
  private long ticket;
  private int jobs;

  Harness(EngineConfig config, Workflow... workflows) {
    var byName = new java.util.HashMap<String, Workflow>();
    for (var w : workflows) {
      byName.put(w.name(), w);
    }
    coordinator = new Coordinator(config, byName, clock, clock, new SplittableRandom(42));
  }

  Harness(Workflow... workflows) {
    this(EngineConfig.defaults(() -> new SilenceDetector(DETECTOR_TIMEOUT)), workflows);
  }

  Harness agent(String id, String kind, Map<String, String> caps, int slots) {
    long incarnation = incarnations.merge(id, 1L, Long::sum);
    coordinator.handle(new Input.AgentJoined(new AgentSpec(id, kind, caps, 1, slots), incarnation));
    return drain();
  }

  Harness agent(String id, String kind) {
    return agent(id, kind, Map.of(), 1);
  }

  String submit(String workflow, Map<String, String> input) {
    String id = "job-" + (++jobs);
    coordinator.handle(new Input.Submit(++ticket, id, workflow, input, id, null));
    drain();
    return id;
  }

  String submit(String workflow, Map<String, String> input, Budget budget) {
    String id = "job-" + (++jobs);
    coordinator.handle(new Input.Submit(++ticket, id, workflow, input, id, budget));
    drain();
    return id;
  }

  Harness succeed(Effects.Dispatch d, String text) {
    coordinator.handle(new Input.AttemptSucceeded(d.key(), Output.text(text)));
    return drain();
  }

  Harness fail(Effects.Dispatch d, Failure failure) {
    coordinator.handle(new Input.AttemptFailed(d.key(), failure, 0));
    return drain();
  }

  /** Heartbeats of every listed agent, then time passes. */
  Harness beat(String... agentIds) {
    for (String id : agentIds) {
      coordinator.handle(new Input.Heartbeat(id, incarnations.getOrDefault(id, 1L)));
    }
    return drain();
  }

  Harness advance(Duration d) {
    clock.advance(d);
    return drain();
  }

  /** Advances in small steps, heartbeating the listed agents, so only the others go silent. */
  Harness advanceBeating(Duration d, String... agentIds) {
    long steps = d.toMillis() / 100;
    for (long i = 0; i < steps; i++) {
      clock.advance(Duration.ofMillis(100));
      beat(agentIds);
    }
    return this;
  }

  Harness drain() {
    Effects effects = coordinator.drain();
    if (!effects.writes().isEmpty()) {
      store.commit(effects.writes());
    }
    events.addAll(effects.events());
    dispatches.addAll(effects.dispatches());
    cancels.addAll(effects.cancels());
    effects.acks().forEach(a -> acks.add(a.value()));
    effects.refusals().forEach(r -> refusals.add(r.error()));
    return this;
  }

  Effects.Dispatch lastDispatch() {
    return dispatches.getLast();
  }

  <T extends Event> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
