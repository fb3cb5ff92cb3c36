package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.model.Agent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Output;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentHostTest {

  static final class Switchable implements Agent {
    volatile boolean alive = true;

    @Override
    public AgentSpec spec() {
      return AgentSpec.of("a1", "text");
    }

    @Override
    public Output run(AttemptContext context) {
      return Output.text("x");
    }

    @Override
    public boolean isAlive() {
      return alive;
    }
  }

  @Test
  void heartbeatsWhileAliveSignalsDownAtOnceAndRejoinsAsANewIncarnation() {
    var agent = new Switchable();
    var inputs = new ArrayList<Input>();
    var host = new AgentHost(List.of(agent), Duration.ofMillis(500), d -> { }, inputs::add);
    host.initialJoins();
    host.beat();
    agent.alive = false;
    host.beat();
    host.beat(); // still down: nothing more to say
    agent.alive = true;
    host.beat();
    assertThat(inputs).containsExactly(
        new Input.Heartbeat("a1", 1),
        new Input.AgentDown("a1", 1, "its process stopped"),
        new Input.AgentJoined(agent.spec(), 2));
  }
}
