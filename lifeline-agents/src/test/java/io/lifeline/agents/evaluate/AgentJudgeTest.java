package io.lifeline.agents.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.model.Agent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Output;
import io.lifeline.time.ManualClock;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AgentJudgeTest {

  @Test
  void aConfiguredChatAgentJudgesThroughAThrowAwayAttempt() {
    var asked = new CopyOnWriteArrayList<String>();
    Agent chat = new Agent() {
      @Override
      public AgentSpec spec() {
        return AgentSpec.of("writer-b", "text");
      }

      @Override
      public Output run(AttemptContext context) {
        asked.add(context.prompt());
        assertThat(context.resumeFrom()).isEmpty();
        return Output.text("```json\n{\"score\": 0.2, \"verdict\": \"fail\", \"reason\": \"off topic\"}\n```");
      }
    };
    var judge = new LlmJudgeEvaluator("judge:writer-b", new AgentJudge(chat, new ManualClock()));
    var score = judge.evaluate("Write about tides", Output.text("Bread recipes for beginners."));
    assertThat(score.value()).isEqualTo(0.2);
    assertThat(score.reason()).contains("off topic");
    assertThat(asked).singleElement().asString().contains("Write about tides").contains("Bread recipes");
  }
}
