package io.lifeline.agents.text;

import io.lifeline.agents.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Plans a text as a fixed sequence of chunks and writes any chunk on its own.
 *
 * <p>Chunk {@code i} depends only on the seed, the keywords and {@code i} — never on the chunks
 * before it — so an attempt that resumes at chunk {@code k} writes exactly what an uninterrupted
 * attempt would have written from there, without recomputing chunks {@code 0..k-1}.
 *
 * <p>An outline has one heading per chunk. A draft has one sentence per chunk: each paragraph opens
 * with a template sentence that names two of the prompt's keyword phrases (so the draft covers
 * the topic), followed by sentences from the Markov chain (so it reads as varied prose).
 */
final class Composer {

  private static final int MIN_HEADINGS = 4;
  private static final int MAX_HEADINGS = 6;
  private static final int MIN_PARAGRAPHS = 4;
  private static final int MAX_PARAGRAPHS = 6;
  private static final int MIN_SENTENCES = 3;
  private static final int MAX_SENTENCES = 5;
  /** Short Markov sentences are often fragments of a longer one; this keeps them whole. */
  private static final int MIN_SENTENCE_WORDS = 8;
  /** What the templates say when the prompt names no topic at all. */
  private static final String NO_TOPIC = "the subject";

  private static final List<String> HEADINGS = List.of(
      "Making sense of %s",
      "The origins of %s",
      "%s and %s: an uneasy partnership",
      "What the critics of %s miss",
      "Lessons from %s for %s",
      "What comes next for %s",
      "The people behind %s",
      "Counting the cost of %s");

  private static final List<String> OPENINGS = List.of(
      "Few subjects reward patient attention as richly as %s, and few are so often discussed without it, least of all %s.",
      "To speak of %s is, sooner or later, to speak of %s as well.",
      "Whoever studies %s closely will find %s never far behind.",
      "The question of %s is older than it looks, and what is said about %s is newer than its critics allow.",
      "It is worth asking plainly what connects %s with %s, for the tie is closer than most people suppose.",
      "Much has been written about %s, but little of it has considered %s with the same care.",
      "Any honest account of %s must begin with %s, however unwelcome that beginning may be.",
      "There is more to %s than the headlines admit, and more to %s than any champion will concede.");

  private final MarkovChain chain;
  private final long seed;
  private final List<String> topics;
  private final TextMode mode;
  /** Draft: sentences per paragraph. Outline: unused. */
  private final int[] paragraphs;
  /** Which template each heading or paragraph opening uses, without repeats. */
  private final List<Integer> templateOrder;
  private final int chunkCount;

  /**
   * @param topics the prompt's keyword phrases, woven into headings and paragraph openings
   */
  Composer(MarkovChain chain, long seed, List<String> topics, TextMode mode) {
    this.chain = chain;
    this.seed = seed;
    this.topics = topics.isEmpty() ? List.of(NO_TOPIC) : List.copyOf(topics);
    this.mode = mode;
    var plan = new SplittableRandom(Seeds.of(seed, "plan"));
    var order = new ArrayList<Integer>();
    for (int i = 0; i < (mode == TextMode.OUTLINE ? HEADINGS : OPENINGS).size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(plan.nextLong()));
    this.templateOrder = List.copyOf(order);
    if (mode == TextMode.OUTLINE) {
      this.paragraphs = new int[0];
      this.chunkCount = between(plan, MIN_HEADINGS, MAX_HEADINGS);
    } else {
      this.paragraphs = new int[between(plan, MIN_PARAGRAPHS, MAX_PARAGRAPHS)];
      int total = 0;
      for (int p = 0; p < paragraphs.length; p++) {
        paragraphs[p] = between(plan, MIN_SENTENCES, MAX_SENTENCES);
        total += paragraphs[p];
      }
      this.chunkCount = total;
    }
  }

  int chunkCount() {
    return chunkCount;
  }

  /** Chunk {@code index} in [0, chunkCount), with the separator that goes before it. */
  String chunk(int index) {
    if (index < 0 || index >= chunkCount) {
      throw new IndexOutOfBoundsException("chunk " + index + " of " + chunkCount);
    }
    return mode == TextMode.OUTLINE ? heading(index) : sentence(index);
  }

  private String heading(int index) {
    String template = HEADINGS.get(templateOrder.get(index));
    return "- " + capitalised(String.format(Locale.ROOT, template, topic(index), topic(index + 1))) + "\n";
  }

  private String sentence(int index) {
    int paragraph = 0;
    int inParagraph = index;
    while (inParagraph >= paragraphs[paragraph]) {
      inParagraph -= paragraphs[paragraph];
      paragraph++;
    }
    String separator = index == 0 ? "" : inParagraph == 0 ? "\n\n" : " ";
    if (inParagraph == 0) {
      // Two topics per paragraph and at least four paragraphs: a draft names eight topics.
      String template = OPENINGS.get(templateOrder.get(paragraph % templateOrder.size()));
      return separator + capitalised(String.format(Locale.ROOT, template,
          topic(2 * paragraph), topic(2 * paragraph + 1)));
    }
    return separator + chain.sentence(new SplittableRandom(Seeds.of(seed, "chunk", Integer.toString(index))),
        MIN_SENTENCE_WORDS);
  }

  private String topic(int index) {
    return topics.get(index % topics.size());
  }

  private static int between(SplittableRandom random, int min, int max) {
    return random.nextInt(min, max + 1);
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
