package io.lifeline.engine;

import io.lifeline.model.Agent;
import io.lifeline.time.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends heartbeats on behalf of in-process agents, as their processes would: only while
 * {@link Agent#isAlive()} holds. When an agent goes down the host says so at once
 * ({@link Input.AgentDown}: the direct liveness signal of DESIGN §3, so an in-process crash does
 * not wait for the failure detector). An agent that comes back rejoins with a new incarnation, so
 * heartbeats of the old one can never revive it.
 */
final class AgentHost implements Runnable {

  private final List<Agent> agents;
  private final long[] incarnations;
  private final boolean[] alive;
  private final Duration interval;
  private final Sleeper sleeper;
  private final Consumer<Input> inputs;
  private volatile boolean stopped;

  AgentHost(List<Agent> agents, Duration interval, Sleeper sleeper, Consumer<Input> inputs) {
    this.agents = List.copyOf(agents);
    this.incarnations = new long[agents.size()];
    this.alive = new boolean[agents.size()];
    this.interval = interval;
    this.sleeper = sleeper;
    this.inputs = inputs;
  }

  /** The first incarnation of every agent, to register before anything else happens. */
  List<Input.AgentJoined> initialJoins() {
    for (int i = 0; i < agents.size(); i++) {
      incarnations[i] = 1;
      alive[i] = true;
    }
    return agents.stream().map(a -> new Input.AgentJoined(a.spec(), 1)).toList();
  }

  /** Rejoins an agent the coordinator declared dead while it was alive, as a new incarnation. */
  synchronized void rejoin(String agentId) {
    for (int i = 0; i < agents.size(); i++) {
      if (agents.get(i).spec().id().equals(agentId) && alive[i]) {
        inputs.accept(new Input.AgentJoined(agents.get(i).spec(), ++incarnations[i]));
      }
    }
  }

  /** One round of heartbeats; public to the package so tests can drive it without a thread. */
  synchronized void beat() {
    for (int i = 0; i < agents.size(); i++) {
      var agent = agents.get(i);
      boolean up = agent.isAlive();
      if (up && !alive[i]) {
        inputs.accept(new Input.AgentJoined(agent.spec(), ++incarnations[i]));
      } else if (up) {
        inputs.accept(new Input.Heartbeat(agent.spec().id(), incarnations[i]));
      } else if (alive[i]) {
        inputs.accept(new Input.AgentDown(agent.spec().id(), incarnations[i], "its process stopped"));
      }
      alive[i] = up;
    }
  }

  @Override
  public void run() {
    try {
      while (!stopped) {
        beat();
        sleeper.sleep(interval);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void stop() {
    stopped = true;
  }
}
