package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.lifeline.model.AgentSpec;
import io.lifeline.model.Workflow;
import io.lifeline.reliability.WorkflowReliability.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class WorkflowReliabilityTest {

  private static final WorkflowGraph GRAPH = WorkflowGraph.of(WorkflowGraphTest.NEWSROOM, WorkflowGraphTest.POOL);

  private static Map<String, Double> up(double p) {
    var map = new HashMap<String, Double>();
    WorkflowGraphTest.POOL.forEach(a -> map.put(a.id(), p));
    return map;
  }

  /**
   * outline needs writer-small; draft is then covered too (writer-small serves it); illustrate
   * needs the illustrator; review one of two critics: p · p · (1 − (1−p)²). Multiplying per-step
   * probabilities would count writer-small twice: p · (1 − (1−p)²) · p · (1 − (1−p)²).
   */
  @Example
  void anAgentServingTwoStepsIsOneComponent() {
    double p = 0.9;
    var estimate = WorkflowReliability.of(GRAPH, up(p)).successProbability();

    double exact = p * p * (1 - 0.01);
    assertThat(estimate.probability()).isCloseTo(exact, within(1e-12));
    assertThat(estimate.method()).isEqualTo(Method.EXACT);
    double naive = p * (1 - 0.01) * p * (1 - 0.01);
    assertThat(naive).isLessThan(exact - 0.007);
  }

  @Example
  void theBestAdditionCopiesASinglePointOfFailureAndItsNumbersAreRecomputable() {
    var reliability = WorkflowReliability.of(GRAPH, Map.of("writer-small", 0.95, "writer-large", 0.99,
        "illustrator", 0.8, "critic-1", 0.9, "critic-2", 0.9, "narrator", 0.5));
    var best = reliability.bestAddition().orElseThrow();

    assertThat(best.copyOf().id()).isEqualTo("illustrator");
    assertThat(best.steps()).containsExactly("illustrate");
    assertThat(best.before().probability()).isCloseTo(0.95 * 0.8 * 0.99, within(1e-12));
    assertThat(best.after().probability()).isCloseTo(0.95 * (1 - 0.04) * 0.99, within(1e-12));

    // Every other copy, added for real, helps less.
    for (AgentSpec agent : WorkflowGraphTest.POOL) {
      var pool = new ArrayList<>(WorkflowGraphTest.POOL);
      pool.add(new AgentSpec("copy", agent.kind(), agent.capabilities(), 0, 1));
      var probabilities = new HashMap<>(Map.of("writer-small", 0.95, "writer-large", 0.99,
          "illustrator", 0.8, "critic-1", 0.9, "critic-2", 0.9, "narrator", 0.5));
      probabilities.put("copy", probabilities.get(agent.id()));
      double after = WorkflowReliability.of(WorkflowGraph.of(WorkflowGraphTest.NEWSROOM, pool), probabilities)
          .successProbability().probability();
      assertThat(after).as("copy of %s", agent.id()).isLessThanOrEqualTo(best.after().probability() + 1e-12);
    }
  }

  @Example
  void nothingHelpsAWorkflowWithAStepNobodyCanRun() {
    var podcast = Workflow.builder("podcast").step("voice", s -> s.kind("audio").select(Map.of("lang", "fr"))).build();
    var reliability = WorkflowReliability.of(WorkflowGraph.of(podcast, WorkflowGraphTest.POOL), up(0.9));

    assertThat(reliability.successProbability().probability()).isZero();
    assertThat(reliability.bestAddition()).isEmpty();
  }

  /** The two exact methods and plain enumeration of every up/down state agree. */
  @Property
  void bothExactMethodsAgreeWithBruteForce(
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 255) Integer> stepMasks,
      @ForAll @Size(value = 8) List<@DoubleRange(min = 0, max = 1) Double> probabilities) {
    double[] up = probabilities.stream().mapToDouble(Double::doubleValue).toArray();
    List<BitSet> requirements = stepMasks.stream().map(m -> BitSet.valueOf(new long[] {m})).toList();
    int[] agents = {0, 1, 2, 3, 4, 5, 6, 7};
    double brute = 0;
    for (int state = 0; state < 256; state++) {
      double probability = 1;
      for (int a = 0; a < 8; a++) {
        probability *= (state >> a & 1) == 1 ? up[a] : 1 - up[a];
      }
      boolean all = true;
      for (int mask : stepMasks) {
        all &= (mask & state) != 0;
      }
      brute += all ? probability : 0;
    }
    var minimal = CoverageProbability.minimal(requirements);

    assertThat(CoverageProbability.byCoveredSets(minimal, agents, up)).isCloseTo(brute, within(1e-12));
    assertThat(CoverageProbability.byEnumeration(minimal, agents, up)).isCloseTo(brute, within(1e-12));
    assertThat(CoverageProbability.of(requirements, up).probability()).isCloseTo(brute, within(1e-12));
  }

  /** 25 steps with two agents each: too many for both exact methods; the product is exact here. */
  @Example
  void pastTwentyStepsAndAgentsItSamplesWithAFixedSeed() {
    var requirements = new ArrayList<BitSet>();
    double[] up = new double[50];
    double exact = 1;
    for (int s = 0; s < 25; s++) {
      var pair = new BitSet();
      pair.set(2 * s);
      pair.set(2 * s + 1);
      requirements.add(pair);
      up[2 * s] = 0.7 + 0.01 * s;
      up[2 * s + 1] = 0.6;
      exact *= 1 - (1 - up[2 * s]) * (1 - up[2 * s + 1]);
    }
    var estimate = CoverageProbability.of(requirements, up);

    assertThat(estimate.method()).isEqualTo(Method.MONTE_CARLO);
    assertThat(estimate.standardError()).isPositive();
    long covered = Math.round(estimate.probability() * CoverageProbability.SAMPLES);
    MonteCarlo.assertProportion(covered, CoverageProbability.SAMPLES, exact, "25 independent pairs");
    assertThat(CoverageProbability.of(requirements, up)).isEqualTo(estimate);
  }

  @Property
  void addingAnAgentNeverLowersTheSuccessProbability(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = 63) Integer> stepMasks,
      @ForAll @Size(value = 7) List<@DoubleRange(min = 0, max = 1) Double> probabilities,
      @ForAll @IntRange(min = 0, max = 31) int newAgentSteps) {
    double[] up = probabilities.stream().mapToDouble(Double::doubleValue).toArray();
    var without = new ArrayList<BitSet>();
    var with = new ArrayList<BitSet>();
    for (int s = 0; s < stepMasks.size(); s++) {
      BitSet requirement = BitSet.valueOf(new long[] {stepMasks.get(s)});
      without.add(requirement);
      BitSet extended = (BitSet) requirement.clone();
      extended.set(6, (newAgentSteps >> s & 1) == 1);
      with.add(extended);
    }
    double[] upWithout = Arrays.copyOf(up, 6);

    assertThat(CoverageProbability.of(with, up).probability())
        .isGreaterThanOrEqualTo(CoverageProbability.of(without, upWithout).probability() - 1e-12);
  }

  @Example
  void everyAgentNeedsAProbability() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WorkflowReliability.of(GRAPH, Map.of("writer-small", 0.9)))
        .withMessage("no up probability for agent 'writer-large'");
    var tooLikely = up(0.9);
    tooLikely.put("critic-2", 1.5);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WorkflowReliability.of(GRAPH, tooLikely))
        .withMessage("up probability of agent 'critic-2' must be a probability in [0, 1], was 1.5");
  }
}
